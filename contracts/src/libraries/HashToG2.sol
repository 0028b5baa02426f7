// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";

/// @title HashToG2
/// @notice hash_to_curve onto BLS12-381 G2 (RFC 9380 section 3, suite BLS12381G2_XMD:SHA-256_SSWU_RO_) over the
/// EIP-2537 precompiles, for any domain separation tag. The protocol's tag is Ethereum's proof-of-possession
/// ciphersuite, the one the native blst binding fixes; Solady's BLS.hashToG2 hard-codes the NUL ciphersuite instead.
/// @dev Steps: expand_message_xmd to 256 bytes through SHA-256 (0x02); hash_to_field into two Fp2 elements, each
/// 64-byte chunk reduced mod p by MODEXP (0x05) with exponent 1; MAP_FP2_TO_G2 (0x11) on each, which also clears
/// the cofactor; G2ADD (0x0d) of the two. Clearing the cofactor is linear, so the sum of the cleared points is
/// clear_cofactor(Q0 + Q1) as the RFC specifies. About 51,000 gas, nearly all of it the two maps.
library HashToG2 {
    /// @notice The protocol's domain separation tag: BLS signatures, proof-of-possession scheme (as Ethereum's).
    bytes internal constant POP_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    /// @notice A tag must have 1 to 255 bytes (RFC 9380 sections 3.1 and 5.3.3; longer tags are hashed first).
    error InvalidDstLength(uint256 length);

    /// @notice A precompile call failed. Every input is well formed by construction, so this means out of gas.
    error PrecompileFailed(uint256 precompile);

    /// @dev The BLS12-381 base field modulus p, 48 bytes, as the two words of its 64-byte big-endian form.
    bytes32 private constant P_HI = 0x000000000000000000000000000000001a0111ea397fe69a4b1ba7b6434bacd7;
    bytes32 private constant P_LO = 0x64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab;

    /// @notice `message` hashed to G2 with the protocol's tag, POP_DST. Reverts with PrecompileFailed when out of gas.
    function hashToG2(bytes memory message) internal view returns (BLS.G2Point memory) {
        // The constant tag needs no length check, which keeps InvalidDstLength out of the callers' ABIs.
        return _hashToG2(message, POP_DST);
    }

    /// @notice `message` hashed to G2 with the domain separation tag `dst` (1 to 255 bytes): a point of the
    /// prime-order subgroup, EIP-2537 encoded. Reverts with InvalidDstLength, or PrecompileFailed when out of gas.
    function hashToG2(bytes memory message, bytes memory dst) internal view returns (BLS.G2Point memory) {
        if (dst.length == 0 || dst.length > 255) revert InvalidDstLength(dst.length);
        return _hashToG2(message, dst);
    }

    /// @dev hash_to_curve with a tag of 1 to 255 bytes, unchecked.
    function _hashToG2(bytes memory message, bytes memory dst) private view returns (BLS.G2Point memory result) {
        bytes4 failed = PrecompileFailed.selector;
        assembly ("memory-safe") {
            function fail(selector, precompile) {
                mstore(0x00, selector)
                mstore(0x04, precompile)
                revert(0x00, 0x24)
            }

            // result (0x100) holds Q0 and, in the word after it, Q1 for the G2ADD input; u (0x100) holds the
            // uniform bytes b_1..b_8, then the four reduced field elements; s is scratch for hash and MODEXP input.
            result := mload(0x40)
            mstore(0x40, add(result, 0x100))
            let u := add(result, 0x100)
            let s := add(u, 0x100)
            let dstLen := mload(dst)
            let msgLen := mload(message)

            // expand_message_xmd (RFC 9380 section 5.3.1), len_in_bytes = 256, ell = 8.
            // b_0 = H(Z_pad || msg || I2OSP(256, 2) || I2OSP(0, 1) || DST || I2OSP(len(DST), 1)).
            mstore(s, 0)
            mstore(add(s, 0x20), 0)
            mcopy(add(s, 0x40), add(message, 0x20), msgLen)
            let o := add(add(s, 0x40), msgLen)
            mstore(o, shl(232, 0x010000))
            mcopy(add(o, 3), add(dst, 0x20), dstLen)
            mstore8(add(add(o, 3), dstLen), dstLen)
            if iszero(staticcall(gas(), 0x02, s, sub(add(o, add(4, dstLen)), s), 0x00, 0x20)) {
                fail(failed, 0x02)
            }
            let b0 := mload(0x00)

            // b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST || I2OSP(len(DST), 1)), b_1 with b_0 alone.
            // Only the first 33 bytes change from one i to the next: the tag is written once.
            mcopy(add(s, 0x21), add(dst, 0x20), dstLen)
            mstore8(add(add(s, 0x21), dstLen), dstLen)
            let n := add(0x22, dstLen)
            mstore(s, b0)
            mstore8(add(s, 0x20), 1)
            if iszero(staticcall(gas(), 0x02, s, n, u, 0x20)) { fail(failed, 0x02) }
            for { let i := 2 } lt(i, 9) { i := add(i, 1) } {
                let previous := add(u, shl(5, sub(i, 2)))
                mstore(s, xor(b0, mload(previous)))
                mstore8(add(s, 0x20), i)
                if iszero(staticcall(gas(), 0x02, s, n, add(previous, 0x20), 0x20)) { fail(failed, 0x02) }
            }

            // hash_to_field (section 5.2), count 2, m 2, L 64: each 64-byte chunk of the uniform bytes is an
            // integer reduced mod p in place, through MODEXP's base^1 mod p (lengths 64, 32, 64).
            mstore(s, 0x40)
            mstore(add(s, 0x20), 0x20)
            mstore(add(s, 0x40), 0x40)
            mstore(add(s, 0xa0), 1)
            mstore(add(s, 0xc0), P_HI)
            mstore(add(s, 0xe0), P_LO)
            for { let e := u } lt(e, s) { e := add(e, 0x40) } {
                mcopy(add(s, 0x60), e, 0x40)
                if iszero(staticcall(gas(), 0x05, s, 0x100, e, 0x40)) { fail(failed, 0x05) }
            }

            // Q0 = map(u0) into result, Q1 = map(u1) right after it (over u, whose u1 the precompile has read),
            // then Q0 + Q1 into result.
            if iszero(staticcall(gas(), 0x11, u, 0x80, result, 0x100)) { fail(failed, 0x11) }
            if iszero(staticcall(gas(), 0x11, add(u, 0x80), 0x80, u, 0x100)) { fail(failed, 0x11) }
            if iszero(staticcall(gas(), 0x0d, result, 0x200, result, 0x100)) { fail(failed, 0x0d) }
        }
    }
}
