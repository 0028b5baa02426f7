// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HashToG2} from "../src/libraries/HashToG2.sol";

/// @dev External entry points, so a test can expect the library's reverts and cap its gas.
contract HashToG2Harness {
    function hash(bytes memory message, bytes memory dst) external view returns (BLS.G2Point memory) {
        return HashToG2.hashToG2(message, dst);
    }
}

/// @notice HashToG2 against RFC 9380 appendix J.10.1 (suite BLS12381G2_XMD:SHA-256_SSWU_RO_ with its test tag), and
/// the refusals of tags it cannot take. The protocol's own tag is checked against noble in ProtocolVectors.t.sol.
contract HashToG2VectorsTest is Test {
    bytes internal constant RFC_DST = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

    HashToG2Harness internal harness;

    function setUp() public {
        harness = new HashToG2Harness();
    }

    function test_MatchesRfc9380_Empty() public view {
        _assertRfcVector(
            "",
            hex"0141ebfbdca40eb85b87142e130ab689c673cf60f1a3e98d69335266f30d9b8d4ac44c1038e9dcdd5393faf5c41fb78a",
            hex"05cb8437535e20ecffaef7752baddf98034139c38452458baeefab379ba13dff5bf5dd71b72418717047f5b0f37da03d",
            hex"0503921d7f6a12805e72940b963c0cf3471c7b2a524950ca195d11062ee75ec076daf2d4bc358c4b190c0c98064fdd92",
            hex"12424ac32561493f3fe3c260708a12b7c620e7be00099a974e259ddc7d1f6395c3c811cdd19f1e8dbf3e9ecfdcbab8d6"
        );
    }

    function test_MatchesRfc9380_Abc() public view {
        _assertRfcVector(
            "abc",
            hex"02c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe0e7a210245129dbec7780ccc7954725f4168aff2787776e6",
            hex"139cddbccdc5e91b9623efd38c49f81a6f83f175e80b06fc374de9eb4b41dfe4ca3a230ed250fbe3a2acf73a41177fd8",
            hex"1787327b68159716a37440985269cf584bcb1e621d3a7202be6ea05c4cfe244aeb197642555a0645fb87bf7466b2ba48",
            hex"00aa65dae3c8d732d10ecd2c50f8a1baf3001578f71c694e03866e9f3d49ac1e1ce70dd94a733534f106d4cec0eddd16"
        );
    }

    function test_MatchesRfc9380_Abcdef0123456789() public view {
        _assertRfcVector(
            "abcdef0123456789",
            hex"121982811d2491fde9ba7ed31ef9ca474f0e1501297f68c298e9f4c0028add35aea8bb83d53c08cfc007c1e005723cd0",
            hex"190d119345b94fbd15497bcba94ecf7db2cbfd1e1fe7da034d26cbba169fb3968288b3fafb265f9ebd380512a71c3f2c",
            hex"05571a0f8d3c08d094576981f4a3b8eda0a8e771fcdcc8ecceaf1356a6acf17574518acb506e435b639353c2e14827c8",
            hex"0bb5e7572275c567462d91807de765611490205a941a5a6af3b1691bfe596c31225d3aabdf15faff860cb4ef17c7c3be"
        );
    }

    function test_MatchesRfc9380_Q128() public view {
        _assertRfcVector(
            _repeat("q128_", "q", 128),
            hex"19a84dd7248a1066f737cc34502ee5555bd3c19f2ecdb3c7d9e24dc65d4e25e50d83f0f77105e955d78f4762d33c17da",
            hex"0934aba516a52d8ae479939a91998299c76d39cc0c035cd18813bec433f587e2d7a4fef038260eef0cef4d02aae3eb91",
            hex"14f81cd421617428bc3b9fe25afbb751d934a00493524bc4e065635b0555084dd54679df1536101b2c979c0152d09192",
            hex"09bcccfa036b4847c9950780733633f13619994394c23ff0b32fa6b795844f4a0673e20282d07bc69641cee04f5e5662"
        );
    }

    function test_MatchesRfc9380_A512() public view {
        _assertRfcVector(
            _repeat("a512_", "a", 512),
            hex"01a6ba2f9a11fa5598b2d8ace0fbe0a0eacb65deceb476fbbcb64fd24557c2f4b18ecfc5663e54ae16a84f5ab7f62534",
            hex"11fca2ff525572795a801eed17eb12785887c7b63fb77a42be46ce4a34131d71f7a73e95fee3f812aea3de78b4d01569",
            hex"0b6798718c8aed24bc19cb27f866f1c9effcdbf92397ad6448b5c9db90d2b9da6cbabf48adc1adf59a1a28344e79d57e",
            hex"03a47f8e6d1763ba0cad63d6114c0accbef65707825a511b251a660a9b3994249ae4e63fac38b23da0c398689ee2ab52"
        );
    }

    function test_PopDstIsEthereumsProofOfPossessionCiphersuite() public pure {
        assertEq(HashToG2.POP_DST, bytes("BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"));
    }

    function test_TagsOfOneAndOf255BytesAreAccepted() public view {
        BLS.G2Point memory short = harness.hash("abc", "x");
        BLS.G2Point memory long = harness.hash("abc", _repeat("", "x", 255));
        assertNotEq(keccak256(abi.encode(short)), keccak256(abi.encode(long)));
    }

    function test_RevertWhen_TagIsEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(HashToG2.InvalidDstLength.selector, 0));
        harness.hash("abc", "");
    }

    function test_RevertWhen_TagIsLongerThan255Bytes() public {
        vm.expectRevert(abi.encodeWithSelector(HashToG2.InvalidDstLength.selector, 256));
        harness.hash("abc", _repeat("", "x", 256));
    }

    /// @dev 40,000 gas covers hashing and one map (about 24,000) but not both: the error names the map precompile.
    function test_RevertWhen_OutOfGasForTheMaps() public {
        vm.expectRevert(abi.encodeWithSelector(HashToG2.PrecompileFailed.selector, 0x11));
        harness.hash{gas: 40_000}("abc", RFC_DST);
    }

    function _assertRfcVector(bytes memory message, bytes memory x0, bytes memory x1, bytes memory y0, bytes memory y1)
        internal
        view
    {
        bytes memory expected = abi.encodePacked(bytes16(0), x0, bytes16(0), x1, bytes16(0), y0, bytes16(0), y1);
        assertEq(abi.encode(HashToG2.hashToG2(message, RFC_DST)), expected, string(message));
    }

    /// @dev `prefix` followed by `count` copies of the one-byte `filler`, as the RFC's q128_ and a512_ messages.
    function _repeat(bytes memory prefix, bytes1 filler, uint256 count) internal pure returns (bytes memory out) {
        out = new bytes(prefix.length + count);
        for (uint256 i; i < out.length; ++i) {
            out[i] = i < prefix.length ? prefix[i] : filler;
        }
    }
}
