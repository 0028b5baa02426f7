// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {LibString} from "solady/utils/LibString.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {StakeTable} from "../src/StakeTable.sol";
import {IStakeTable} from "../src/interfaces/IStakeTable.sol";

/// @notice Proofs of possession signed by TypeScript (libs/crypto signProofOfPossession, written by `npm run
/// fixtures` from libs/crypto/src/vectors/proof-of-possession-vectors.ts): the contract computes the same digest,
/// registers each valid proof, and refuses proofs bound to another account, contract or chain, or made by another key.
contract StakeTablePopVectorsTest is Test {
    using LibString for uint256;

    string internal json;
    StakeTable internal stakeTable;
    address internal account;

    function setUp() public {
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/proof-of-possession-vectors.json"));
        vm.chainId(vm.parseJsonUint(json, ".chainId"));
        address deployed = vm.parseJsonAddress(json, ".stakeTable");
        deployCodeTo("StakeTable.sol:StakeTable", abi.encode(1 ether, uint32(1 days)), deployed);
        stakeTable = StakeTable(deployed);
        account = vm.parseJsonAddress(json, ".account");
        vm.deal(account, 100 ether);
    }

    function test_ContractComputesTheTypeScriptDigest() public view {
        uint256 count = _count(".valid");
        assertGe(count, 3);
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".valid", i);
            BLS.G1Point memory key = _g1(string.concat(item, ".publicKeyG1"));
            assertEq(
                stakeTable.proofOfPossessionDigest(account, key),
                vm.parseJsonBytes32(json, string.concat(item, ".digest"))
            );
        }
    }

    function test_RegistersEveryTypeScriptProof() public {
        uint256 count = _count(".valid");
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".valid", i);
            BLS.G1Point memory key = _g1(string.concat(item, ".publicKeyG1"));
            BLS.G2Point memory signature = _g2(string.concat(item, ".signatureG2"));
            vm.prank(account);
            stakeTable.register{value: 1 ether}(key, signature);
            assertEq(stakeTable.validator(keccak256(abi.encode(key))).account, account);
        }
        assertEq(stakeTable.activeValidatorCount(), count);
    }

    function test_RevertWhen_TypeScriptProofIsBoundElsewhere() public {
        uint256 count = _count(".refused");
        assertEq(count, 4);
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".refused", i);
            BLS.G1Point memory key = _g1(string.concat(item, ".publicKeyG1"));
            BLS.G2Point memory signature = _g2(string.concat(item, ".signatureG2"));
            bytes32 digest = stakeTable.proofOfPossessionDigest(account, key);
            vm.prank(account);
            vm.expectRevert(abi.encodeWithSelector(IStakeTable.InvalidProofOfPossession.selector, digest));
            stakeTable.register{value: 1 ether}(key, signature);
        }
        assertEq(stakeTable.activeValidatorCount(), 0);
    }

    function test_ValidProofRegistersOnlyForItsAccount() public {
        string memory item = _at(".valid", 0);
        BLS.G1Point memory key = _g1(string.concat(item, ".publicKeyG1"));
        BLS.G2Point memory signature = _g2(string.concat(item, ".signatureG2"));
        address thief = makeAddr("thief");
        vm.deal(thief, 1 ether);
        bytes32 digest = stakeTable.proofOfPossessionDigest(thief, key);
        vm.prank(thief);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.InvalidProofOfPossession.selector, digest));
        stakeTable.register{value: 1 ether}(key, signature);
    }

    function _g1(string memory path) internal view returns (BLS.G1Point memory) {
        bytes memory encoded = vm.parseJsonBytes(json, path);
        assertEq(encoded.length, 128);
        return abi.decode(encoded, (BLS.G1Point));
    }

    function _g2(string memory path) internal view returns (BLS.G2Point memory) {
        bytes memory encoded = vm.parseJsonBytes(json, path);
        assertEq(encoded.length, 256);
        return abi.decode(encoded, (BLS.G2Point));
    }

    function _count(string memory path) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, _at(path, n))) ++n;
    }

    function _at(string memory path, uint256 i) internal pure returns (string memory) {
        return string.concat(path, "[", i.toString(), "]");
    }
}
