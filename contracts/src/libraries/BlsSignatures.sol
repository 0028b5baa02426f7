// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {IHotShot} from "../interfaces/IHotShot.sol";
import {HashToG2} from "./HashToG2.sol";

/// @title BlsSignatures
/// @notice BLS12-381 min-pk verification through the EIP-2537 precompiles: public keys in G1, signatures in G2,
/// messages hashed with HashToG2 (DST BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_, as the nodes sign with blst).
library BlsSignatures {
    /// @dev The negated G1 generator, EIP-2537 encoded: the pairing check is e(pk, H(m)) * e(-g1, sig) == 1.
    bytes32 private constant NEG_G1_X_A = 0x0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0f;
    bytes32 private constant NEG_G1_X_B = 0xc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb;
    bytes32 private constant NEG_G1_Y_A = 0x00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f2;
    bytes32 private constant NEG_G1_Y_B = 0x67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca;
    /// @dev Gas forwarded to the pairing precompile, which burns all it is given on an invalid point: a malformed
    /// signature then costs its sender this much rather than the whole transaction. Three times the EIP-2537 price
    /// of two pairs (37,700 + 2 x 32,600), so a repricing fork has room before it matters.
    uint256 private constant PAIRING_GAS = 300_000;

    /// @notice Whether `signature` is `publicKey`'s signature over the 32-byte `digest`. Reverts with
    /// IHotShot.MalformedSignature when the signature is off the curve or outside the subgroup; `publicKey` must
    /// already be a checked subgroup point (the stake table's keys are checked when set).
    function verify(BLS.G1Point memory publicKey, bytes32 digest, BLS.G2Point calldata signature)
        internal
        view
        returns (bool valid)
    {
        // The identity key verifies the identity signature over every message.
        if (isInfinity(publicKey)) return false;
        BLS.G2Point memory message = HashToG2.hashToG2(abi.encodePacked(digest));
        bytes4 malformed = IHotShot.MalformedSignature.selector;
        assembly ("memory-safe") {
            let input := mload(0x40)
            mcopy(input, publicKey, 0x80)
            mcopy(add(input, 0x80), message, 0x100)
            mstore(add(input, 0x180), NEG_G1_X_A)
            mstore(add(input, 0x1a0), NEG_G1_X_B)
            mstore(add(input, 0x1c0), NEG_G1_Y_A)
            mstore(add(input, 0x1e0), NEG_G1_Y_B)
            calldatacopy(add(input, 0x200), signature, 0x100)
            // The precompile fails only on an invalid point, and the other three are valid by construction.
            if iszero(staticcall(PAIRING_GAS, 0x0f, input, 0x300, 0x00, 0x20)) {
                mstore(0x00, malformed)
                revert(0x00, 0x04)
            }
            valid := eq(mload(0x00), 1)
        }
    }

    /// @notice Whether `point` is the G1 point at infinity (all zero in EIP-2537 encoding).
    function isInfinity(BLS.G1Point memory point) internal pure returns (bool) {
        return (point.x_a | point.x_b | point.y_a | point.y_b) == 0;
    }
}
