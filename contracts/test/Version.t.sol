// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {LibString} from "solady/utils/LibString.sol";
import {Version} from "../src/Version.sol";

contract VersionTest is Test {
    function test_CurrentIsOne() public pure {
        assertEq(Version.current(), 1);
    }

    function test_SoladyRemappingResolves() public pure {
        assertEq(LibString.toString(Version.current()), "1");
    }

    function testFuzz_KeccakMatchesAbiEncode(uint64 a, bytes32 b) public pure {
        assertEq(keccak256(abi.encode(a, b)), keccak256(bytes.concat(bytes32(uint256(a)), b)));
    }
}
