// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {StakeTable} from "../../src/StakeTable.sol";
import {IStakeTable} from "../../src/interfaces/IStakeTable.sol";
import {StakeTableHandler} from "./StakeTableHandler.sol";

/// @notice Whatever sequence of registrations, increases, exits, withdrawals and waits: the contract holds exactly the
/// stakes it owes, the table counts exactly the active keys, and a key that exited never counts again.
contract StakeTableInvariantTest is StdInvariant, Test {
    StakeTable internal stakeTable;
    StakeTableHandler internal handler;

    function setUp() public {
        stakeTable = new StakeTable(1 ether, 7 days);
        handler = new StakeTableHandler(stakeTable);
        targetContract(address(handler));
    }

    function invariant_BalanceIsTheSumOfStakesHeld() public view {
        uint256 held;
        for (uint256 key; key < handler.KEYS(); ++key) {
            held += stakeTable.validator(handler.keyHash(key)).stake;
        }
        assertEq(address(stakeTable).balance, held);
        assertEq(held, handler.ghostDeposited() - handler.ghostWithdrawn());
    }

    function invariant_TotalStakeIsTheActiveKeysStake() public view {
        (IStakeTable.ActiveValidator[] memory active, uint256 count) = stakeTable.activeValidators(0, 100);
        assertEq(active.length, count);
        assertEq(count, stakeTable.activeValidatorCount());
        uint256 sum;
        for (uint256 i; i < active.length; ++i) {
            sum += active[i].stake;
            assertEq(
                uint8(stakeTable.validator(keccak256(abi.encode(active[i].publicKey))).status),
                uint8(IStakeTable.Status.Active)
            );
        }
        assertEq(stakeTable.totalStake(), sum);
        uint256 expected;
        uint256 expectedCount;
        for (uint256 key; key < handler.KEYS(); ++key) {
            if (handler.ghostStatus(key) != IStakeTable.Status.Active) continue;
            expected += handler.ghostStake(key);
            ++expectedCount;
        }
        assertEq(sum, expected);
        assertEq(count, expectedCount);
    }

    function invariant_ExitedKeysNeverCountAgain() public view {
        (IStakeTable.ActiveValidator[] memory active,) = stakeTable.activeValidators(0, 100);
        for (uint256 key; key < handler.KEYS(); ++key) {
            IStakeTable.Status status = handler.ghostStatus(key);
            if (status != IStakeTable.Status.Exiting && status != IStakeTable.Status.Withdrawn) continue;
            bytes32 keyHash = handler.keyHash(key);
            assertEq(uint8(stakeTable.validator(keyHash).status), uint8(status));
            for (uint256 i; i < active.length; ++i) {
                assertTrue(keccak256(abi.encode(active[i].publicKey)) != keyHash, "an exited key is listed");
            }
        }
        // Re-registering an exited key, or adding to its stake, would have been counted here.
        assertEq(handler.wronglyAccepted(), 0);
    }

    function invariant_EveryValidCallIsAccepted() public view {
        assertEq(handler.wronglyRefused(), 0);
    }
}
