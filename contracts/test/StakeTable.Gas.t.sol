// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {console} from "forge-std/console.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {StakeTableFixture} from "./utils/StakeTableFixture.sol";

/// @notice What each StakeTable call costs, measured on the call alone (`vm.lastCallGas`: execution, without the
/// transaction's 21,000 and calldata), logged as `gas <name> <value>` like test/Gas.t.sol. Registration is bounded so
/// that a validator can always afford it: the proof-of-possession check is most of it.
contract StakeTableGasTest is StakeTableFixture {
    uint256 internal constant REGISTER_TARGET = 450_000;

    function test_Gas_EachCall() public {
        // A first registration also turns the total and the list length from zero: measure a later one too.
        _register(bob, 9, MIN_STAKE);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        // Every call is its own transaction on L1: its storage starts cold.
        vm.cool(address(stakeTable));
        vm.prank(alice);
        stakeTable.register{value: MIN_STAKE}(pk, signature);
        uint256 register = vm.lastCallGas().gasTotalUsed;
        bytes32 keyHash = keccak256(abi.encode(pk));

        vm.cool(address(stakeTable));
        vm.prank(alice);
        stakeTable.increaseStake{value: 1 ether}(keyHash);
        uint256 increase = vm.lastCallGas().gasTotalUsed;
        vm.cool(address(stakeTable));
        _exit(alice, keyHash);
        uint256 exit = vm.lastCallGas().gasTotalUsed;
        vm.warp(block.timestamp + ESCROW);
        vm.cool(address(stakeTable));
        vm.prank(alice);
        stakeTable.withdraw(keyHash);
        uint256 withdraw = vm.lastCallGas().gasTotalUsed;

        _log("stakeTable.register", register);
        _log("stakeTable.increaseStake", increase);
        _log("stakeTable.requestExit", exit);
        _log("stakeTable.withdraw", withdraw);
        assertLe(register, REGISTER_TARGET);
        assertEq(alice.balance, 1_000 ether);
    }

    function _log(string memory name, uint256 gas) internal pure {
        console.log("gas", name, gas);
    }
}
