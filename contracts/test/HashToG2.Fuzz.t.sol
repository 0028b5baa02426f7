// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HashToG2} from "../src/libraries/HashToG2.sol";
import {BlsSignatures} from "../src/libraries/BlsSignatures.sol";
import {BlsTestKeys} from "./utils/BlsTestKeys.sol";

/// @dev Calls BlsSignatures.verify with the signature in calldata, as HotShot does.
contract BlsSignaturesHarness {
    function verify(BLS.G1Point memory publicKey, bytes32 digest, BLS.G2Point calldata signature)
        external
        view
        returns (bool)
    {
        return BlsSignatures.verify(publicKey, digest, signature);
    }
}

/// @notice Properties of HashToG2 over arbitrary messages and tags: it never reverts, its output is in G2 (the
/// EIP-2537 MSM and pairing precompiles refuse points outside the subgroup), signatures over it verify under their
/// key and no other, and with the NUL tag it is Solady's BLS.hashToG2, an independent implementation.
contract HashToG2FuzzTest is Test {
    bytes internal constant NUL_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_";

    BlsSignaturesHarness internal harness;

    function setUp() public {
        harness = new BlsSignaturesHarness();
    }

    /// @dev sk * H(m) through G2MSM, which subgroup-checks H(m), then the pairing check of BlsSignatures.verify.
    function testFuzz_SignaturesOverTheHashVerifyUnderTheirKeyOnly(bytes32 digest, uint256 secret) public view {
        uint256 sk = bound(secret, 1, BlsTestKeys.R - 1);
        BLS.G2Point memory signature = BlsTestKeys.sign(sk, digest);
        assertTrue(harness.verify(BlsTestKeys.publicKey(sk), digest, signature), "own key");
        uint256 other = sk % (BlsTestKeys.R - 1) + 1;
        assertFalse(harness.verify(BlsTestKeys.publicKey(other), digest, signature), "another key");
        assertFalse(harness.verify(BlsTestKeys.publicKey(sk), ~digest, signature), "another digest");
    }

    function testFuzz_AnyMessageHashesIntoG2(bytes memory message) public view {
        _assertInG2(HashToG2.hashToG2(message));
    }

    function testFuzz_AnyTagOf1To255BytesHashesIntoG2(bytes memory message, bytes32 seed, uint256 length) public view {
        _assertInG2(HashToG2.hashToG2(message, _tag(seed, bound(length, 1, 255))));
    }

    function testFuzz_MatchesSoladyWithTheNulTag(bytes memory message) public view {
        assertEq(abi.encode(HashToG2.hashToG2(message, NUL_DST)), abi.encode(BLS.hashToG2(message)));
    }

    function testFuzz_TheTagSeparatesDomains(bytes memory message) public view {
        assertNotEq(keccak256(abi.encode(HashToG2.hashToG2(message))), keccak256(abi.encode(BLS.hashToG2(message))));
    }

    /// @dev Not the identity, and e(g1, P) * e(-g1, P) == 1: the pairing precompile fails on a point outside G2.
    function _assertInG2(BLS.G2Point memory point) internal view {
        assertNotEq(keccak256(abi.encode(point)), keccak256(new bytes(256)), "not the identity");
        BLS.G1Point[] memory g1 = new BLS.G1Point[](2);
        BLS.G2Point[] memory g2 = new BLS.G2Point[](2);
        g1[0] = BlsTestKeys.g1();
        g1[1] = BlsTestKeys.negG1();
        g2[0] = point;
        g2[1] = point;
        assertTrue(BLS.pairing(g1, g2), "pairing check");
    }

    /// @dev `length` pseudo-random bytes from `seed`.
    function _tag(bytes32 seed, uint256 length) internal pure returns (bytes memory tag) {
        tag = new bytes(length);
        for (uint256 i; i < length; i += 32) {
            bytes32 word = keccak256(abi.encode(seed, i));
            for (uint256 j; j < 32 && i + j < length; ++j) {
                tag[i + j] = word[j];
            }
        }
    }
}
