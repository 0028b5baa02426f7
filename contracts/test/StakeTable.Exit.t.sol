// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {StakeTable} from "../src/StakeTable.sol";
import {IStakeTable} from "../src/interfaces/IStakeTable.sol";
import {StakeTableFixture} from "./utils/StakeTableFixture.sol";

/// @notice A validator account that tries to withdraw again while it is being paid, and remembers what happened.
contract ReenteringAccount {
    StakeTable internal immutable stakeTable;
    bytes32 public keyHash;
    bool public reentered;
    bool public reentryPaid;
    bytes public reentryError;

    constructor(StakeTable stakeTable_) {
        stakeTable = stakeTable_;
    }

    function register(BLS.G1Point calldata publicKey, BLS.G2Point calldata signature) external payable {
        stakeTable.register{value: msg.value}(publicKey, signature);
        keyHash = keccak256(abi.encode(publicKey));
    }

    function requestExit() external {
        stakeTable.requestExit(keyHash);
    }

    function withdraw() external {
        stakeTable.withdraw(keyHash);
    }

    receive() external payable {
        if (reentered) return;
        reentered = true;
        // Swallow the outcome so the outer payment goes through and the test can inspect it.
        (reentryPaid, reentryError) = address(stakeTable).call(abi.encodeCall(StakeTable.withdraw, (keyHash)));
    }
}

/// @notice A validator account that refuses payment.
contract RefusingAccount {
    function register(StakeTable stakeTable, BLS.G1Point calldata publicKey, BLS.G2Point calldata signature)
        external
        payable
    {
        stakeTable.register{value: msg.value}(publicKey, signature);
    }

    function exitAndWithdraw(StakeTable stakeTable, bytes32 keyHash, bool withdraw) external {
        if (withdraw) stakeTable.withdraw(keyHash);
        else stakeTable.requestExit(keyHash);
    }
}

/// @notice Adding stake, exiting and withdrawing, and every refusal on the way.
contract StakeTableExitTest is StakeTableFixture {
    bytes32 internal keyHash;

    function setUp() public override {
        super.setUp();
        keyHash = _register(alice, 0, 2 ether);
    }

    function test_IncreaseStakeAddsToTheKeyAndTheTotal() public {
        vm.expectEmit(address(stakeTable));
        emit IStakeTable.StakeIncreased(keyHash, 3 ether, 5 ether);
        vm.prank(alice);
        stakeTable.increaseStake{value: 3 ether}(keyHash);
        assertEq(stakeTable.validator(keyHash).stake, 5 ether);
        assertEq(stakeTable.totalStake(), 5 ether);
        assertEq(address(stakeTable).balance, 5 ether);
        (IStakeTable.ActiveValidator[] memory page,) = stakeTable.activeValidators(0, 10);
        assertEq(page[0].stake, 5 ether);
    }

    function test_RevertWhen_IncreaseByAnotherAccount() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.NotValidatorAccount.selector, keyHash, alice, bob));
        stakeTable.increaseStake{value: 1 ether}(keyHash);
    }

    function test_RevertWhen_IncreaseByNothing() public {
        vm.prank(alice);
        vm.expectRevert(IStakeTable.ZeroAmount.selector);
        stakeTable.increaseStake(keyHash);
    }

    function test_RevertWhen_IncreaseAnUnknownKey() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.UnknownValidator.selector, bytes32(uint256(1))));
        stakeTable.increaseStake{value: 1 ether}(bytes32(uint256(1)));
    }

    function test_RevertWhen_IncreaseAfterExit() public {
        _exit(alice, keyHash);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakeTable.WrongStatus.selector, keyHash, IStakeTable.Status.Active, IStakeTable.Status.Exiting
            )
        );
        stakeTable.increaseStake{value: 1 ether}(keyHash);
    }

    function test_RequestExitStopsCountingAtOnce() public {
        bytes32 other = _register(bob, 1, 4 ether);
        vm.warp(1_000_000);
        vm.expectEmit(address(stakeTable));
        emit IStakeTable.ExitRequested(keyHash, 2 ether, 1_000_000 + ESCROW);
        _exit(alice, keyHash);
        IStakeTable.Validator memory v = stakeTable.validator(keyHash);
        assertEq(uint8(v.status), uint8(IStakeTable.Status.Exiting));
        assertEq(v.unlocksAt, 1_000_000 + ESCROW);
        assertEq(v.stake, 2 ether, "the stake stays escrowed");
        assertEq(stakeTable.totalStake(), 4 ether);
        assertEq(stakeTable.activeValidatorCount(), 1);
        assertFalse(_isListed(keyHash));
        assertTrue(_isListed(other));
        assertEq(address(stakeTable).balance, 6 ether);
    }

    function test_ExitMovesTheLastActiveKeyIntoItsPlace() public {
        bytes32 second = _register(bob, 1, 3 ether);
        bytes32 third = _register(bob, 2, 4 ether);
        _exit(alice, keyHash);
        IStakeTable.ActiveValidator[] memory all = _allActive(10);
        assertEq(all.length, 2);
        assertEq(keccak256(abi.encode(all[0].publicKey)), third);
        assertEq(all[0].stake, 4 ether);
        assertEq(keccak256(abi.encode(all[1].publicKey)), second);
        // The moved key still exits from its new place.
        _exit(bob, third);
        all = _allActive(10);
        assertEq(all.length, 1);
        assertEq(keccak256(abi.encode(all[0].publicKey)), second);
        _exit(bob, second);
        assertEq(stakeTable.activeValidatorCount(), 0);
        assertEq(stakeTable.totalStake(), 0);
    }

    function test_RevertWhen_ExitByAnotherAccount() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.NotValidatorAccount.selector, keyHash, alice, bob));
        stakeTable.requestExit(keyHash);
    }

    function test_RevertWhen_ExitTwice() public {
        _exit(alice, keyHash);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakeTable.WrongStatus.selector, keyHash, IStakeTable.Status.Active, IStakeTable.Status.Exiting
            )
        );
        stakeTable.requestExit(keyHash);
    }

    function test_RevertWhen_ExitAnUnknownKey() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.UnknownValidator.selector, bytes32(0)));
        stakeTable.requestExit(bytes32(0));
    }

    function test_WithdrawAfterTheEscrowPaysTheAccount() public {
        _exit(alice, keyHash);
        uint256 unlocksAt = block.timestamp + ESCROW;
        vm.warp(unlocksAt);
        uint256 before = alice.balance;
        vm.expectEmit(address(stakeTable));
        emit IStakeTable.Withdrawn(keyHash, alice, 2 ether);
        vm.prank(alice);
        stakeTable.withdraw(keyHash);
        assertEq(alice.balance, before + 2 ether);
        assertEq(address(stakeTable).balance, 0);
        IStakeTable.Validator memory v = stakeTable.validator(keyHash);
        assertEq(uint8(v.status), uint8(IStakeTable.Status.Withdrawn));
        assertEq(v.stake, 0);
        assertEq(v.account, alice);
    }

    function test_RevertWhen_WithdrawBeforeTheEscrow() public {
        _exit(alice, keyHash);
        uint256 unlocksAt = block.timestamp + ESCROW;
        vm.warp(unlocksAt - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.EscrowNotElapsed.selector, unlocksAt, unlocksAt - 1));
        stakeTable.withdraw(keyHash);
    }

    function test_RevertWhen_WithdrawWithoutExit() public {
        vm.warp(block.timestamp + 365 days);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakeTable.WrongStatus.selector, keyHash, IStakeTable.Status.Exiting, IStakeTable.Status.Active
            )
        );
        stakeTable.withdraw(keyHash);
    }

    function test_RevertWhen_WithdrawTwice() public {
        _exitAndWithdraw();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakeTable.WrongStatus.selector, keyHash, IStakeTable.Status.Exiting, IStakeTable.Status.Withdrawn
            )
        );
        stakeTable.withdraw(keyHash);
    }

    function test_RevertWhen_WithdrawByAnotherAccount() public {
        _exit(alice, keyHash);
        vm.warp(block.timestamp + ESCROW);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.NotValidatorAccount.selector, keyHash, alice, bob));
        stakeTable.withdraw(keyHash);
    }

    function test_RevertWhen_WithdrawnKeyRegistersAgain() public {
        _exitAndWithdraw();
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.KeyAlreadyRegistered.selector, keyHash));
        stakeTable.register{value: MIN_STAKE}(pk, signature);
    }

    function test_RevertWhen_ExitingKeyRegistersAgain() public {
        _exit(alice, keyHash);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, bob);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.KeyAlreadyRegistered.selector, keyHash));
        stakeTable.register{value: MIN_STAKE}(pk, signature);
    }

    function test_WithdrawCannotBeReentered() public {
        ReenteringAccount account = new ReenteringAccount(stakeTable);
        (uint256 sk, BLS.G1Point memory pk) = _key(1);
        BLS.G2Point memory signature = _pop(stakeTable, sk, address(account));
        account.register{value: 3 ether}(pk, signature);
        account.requestExit();
        vm.warp(block.timestamp + ESCROW);
        account.withdraw();

        assertTrue(account.reentered());
        assertFalse(account.reentryPaid());
        assertEq(
            account.reentryError(),
            abi.encodeWithSelector(
                IStakeTable.WrongStatus.selector,
                account.keyHash(),
                IStakeTable.Status.Exiting,
                IStakeTable.Status.Withdrawn
            )
        );
        assertEq(address(account).balance, 3 ether, "paid exactly once");
        assertEq(address(stakeTable).balance, 2 ether, "alice's stake is untouched");
    }

    function test_RevertWhen_AccountRefusesPayment() public {
        RefusingAccount account = new RefusingAccount();
        (uint256 sk, BLS.G1Point memory pk) = _key(1);
        BLS.G2Point memory signature = _pop(stakeTable, sk, address(account));
        account.register{value: 3 ether}(stakeTable, pk, signature);
        bytes32 refusing = keccak256(abi.encode(pk));
        account.exitAndWithdraw(stakeTable, refusing, false);
        vm.warp(block.timestamp + ESCROW);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.TransferFailed.selector, address(account), 3 ether));
        account.exitAndWithdraw(stakeTable, refusing, true);
        // Nothing changed: the stake waits for a later attempt.
        IStakeTable.Validator memory v = stakeTable.validator(refusing);
        assertEq(uint8(v.status), uint8(IStakeTable.Status.Exiting));
        assertEq(v.stake, 3 ether);
        assertEq(address(stakeTable).balance, 5 ether);
    }

    function testFuzz_WithdrawOpensExactlyAtUnlock(uint32 wait, uint32 start) public {
        vm.warp(start);
        _exit(alice, keyHash);
        uint256 unlocksAt = uint256(start) + ESCROW;
        vm.warp(uint256(start) + wait);
        vm.prank(alice);
        if (uint256(start) + wait < unlocksAt) {
            vm.expectRevert(
                abi.encodeWithSelector(IStakeTable.EscrowNotElapsed.selector, unlocksAt, uint256(start) + wait)
            );
            stakeTable.withdraw(keyHash);
        } else {
            stakeTable.withdraw(keyHash);
            assertEq(address(stakeTable).balance, 0);
        }
    }

    function testFuzz_IncreasesSumUp(uint64[8] calldata amounts) public {
        uint256 expected = 2 ether;
        for (uint256 i; i < amounts.length; ++i) {
            if (amounts[i] == 0) continue;
            vm.prank(alice);
            stakeTable.increaseStake{value: amounts[i]}(keyHash);
            expected += amounts[i];
        }
        assertEq(stakeTable.validator(keyHash).stake, expected);
        assertEq(stakeTable.totalStake(), expected);
        assertEq(address(stakeTable).balance, expected);
    }

    function _exitAndWithdraw() internal {
        _exit(alice, keyHash);
        vm.warp(block.timestamp + ESCROW);
        vm.prank(alice);
        stakeTable.withdraw(keyHash);
    }
}
