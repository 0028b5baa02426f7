// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HashToG2} from "../../src/libraries/HashToG2.sol";

/// @notice BLS12-381 keys and signatures made inside the EVM from known secret scalars, through the EIP-2537 MSM
/// precompiles: public key sk * g1, signature sk * HashToG2.hashToG2(digest), the same scheme the nodes sign with.
library BlsTestKeys {
    /// @notice The order of G1 and G2.
    uint256 internal constant R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001;

    /// @notice The G1 generator.
    function g1() internal pure returns (BLS.G1Point memory) {
        return BLS.G1Point({
            x_a: 0x0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0f,
            x_b: 0xc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb,
            y_a: 0x0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4,
            y_b: 0xfcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1
        });
    }

    /// @notice The negated G1 generator: e(g1, P) * e(-g1, P) == 1 for every P in G2.
    function negG1() internal pure returns (BLS.G1Point memory) {
        return BLS.G1Point({
            x_a: 0x0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0f,
            x_b: 0xc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb,
            y_a: 0x00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f2,
            y_b: 0x67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca
        });
    }

    /// @notice A deterministic secret scalar in 1..R-1 for member `index` of test key set `seed`.
    function secretKey(uint256 seed, uint256 index) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("hotshot test key", seed, index))) % (R - 1) + 1;
    }

    /// @notice sk * g1.
    function publicKey(uint256 sk) internal view returns (BLS.G1Point memory) {
        BLS.G1Point[] memory points = new BLS.G1Point[](1);
        points[0] = g1();
        bytes32[] memory scalars = new bytes32[](1);
        scalars[0] = bytes32(sk);
        return BLS.msm(points, scalars);
    }

    /// @notice sk * hashToG2(digest): the signature of `digest` under sk (an aggregate when sk is a sum of keys).
    function sign(uint256 sk, bytes32 digest) internal view returns (BLS.G2Point memory) {
        BLS.G2Point[] memory points = new BLS.G2Point[](1);
        points[0] = HashToG2.hashToG2(abi.encodePacked(digest));
        bytes32[] memory scalars = new bytes32[](1);
        scalars[0] = bytes32(sk);
        return BLS.msm(points, scalars);
    }

    /// @notice The sum of the secret keys at `indices`, mod R: its signature is the aggregate of theirs.
    function sumKeys(uint256[] memory secretKeys, uint256[] memory indices) internal pure returns (uint256 sum) {
        for (uint256 i; i < indices.length; ++i) {
            sum = addmod(sum, secretKeys[indices[i]], R);
        }
    }
}
