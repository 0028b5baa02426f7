// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {StakeTable} from "../../src/StakeTable.sol";
import {IStakeTable} from "../../src/interfaces/IStakeTable.sol";
import {BlsTestKeys} from "../utils/BlsTestKeys.sol";

/// @notice Drives a StakeTable with random registrations, stake increases, exits, withdrawals and time, by the key's
/// account or by another, valid or not. It predicts each outcome from its own model and counts every call the
/// contract decided otherwise; it never reverts, so the invariants see every sequence.
contract StakeTableHandler is CommonBase, StdUtils {
    uint256 public constant KEYS = 4;
    uint256 internal constant KEY_SEED = 1818;

    StakeTable public immutable stakeTable;
    address[3] internal _actors;
    uint256[KEYS] internal _secretKeys;
    BLS.G1Point[KEYS] internal _publicKeys;

    /// @notice The model: each key's account, status and stake, and when an exiting key unlocks.
    mapping(uint256 key => address) public ghostAccount;
    mapping(uint256 key => IStakeTable.Status) public ghostStatus;
    mapping(uint256 key => uint256) public ghostStake;
    mapping(uint256 key => uint256) public ghostUnlocksAt;
    /// @notice Wei paid in and out over the whole run.
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    /// @notice Calls the contract accepted that the model refuses, and the reverse.
    uint256 public wronglyAccepted;
    uint256 public wronglyRefused;
    /// @notice Calls of each path, and how many of them the contract accepted (a run that never withdraws shows here).
    mapping(bytes32 path => uint256) public calls;
    mapping(bytes32 path => uint256) public accepted;

    constructor(StakeTable stakeTable_) {
        stakeTable = stakeTable_;
        _actors = [address(0xA11CE), address(0xB0B), address(0xCA201)];
        for (uint256 i; i < KEYS; ++i) {
            _secretKeys[i] = BlsTestKeys.secretKey(KEY_SEED, i);
            _publicKeys[i] = BlsTestKeys.publicKey(_secretKeys[i]);
        }
    }

    /// @notice Registers a key for an actor with 0 to 50 ether: accepted only for a key never registered, with at
    /// least the minimum. A key already in any state is offered again with a valid proof for the new actor.
    function register(uint256 actorSeed, uint256 keySeed, uint256 amount) external {
        address actor = _actors[actorSeed % 3];
        uint256 key = keySeed % KEYS;
        amount = _bound(amount, 0, 50 ether);
        BLS.G2Point memory signature =
            BlsTestKeys.sign(_secretKeys[key], stakeTable.proofOfPossessionDigest(actor, _publicKeys[key]));
        bool expected = ghostStatus[key] == IStakeTable.Status.None && amount >= stakeTable.minStake();
        vm.deal(actor, actor.balance + amount);
        vm.prank(actor);
        try stakeTable.register{value: amount}(_publicKeys[key], signature) {
            _judge(true, expected, "register");
            ghostAccount[key] = actor;
            ghostStatus[key] = IStakeTable.Status.Active;
            ghostStake[key] = amount;
            ghostDeposited += amount;
        } catch {
            _judge(false, expected, "register");
        }
    }

    /// @notice Adds 0 to 20 ether to a key, from its account or another actor.
    function increaseStake(uint256 keySeed, uint256 amount, uint256 callerSeed) external {
        uint256 key = _pick(keySeed, IStakeTable.Status.Active);
        address caller = _caller(key, callerSeed);
        amount = _bound(amount, 0, 20 ether);
        bool expected = ghostStatus[key] == IStakeTable.Status.Active && caller == ghostAccount[key] && amount > 0;
        vm.deal(caller, caller.balance + amount);
        vm.prank(caller);
        try stakeTable.increaseStake{value: amount}(_keyHash(key)) {
            _judge(true, expected, "increaseStake");
            ghostStake[key] += amount;
            ghostDeposited += amount;
        } catch {
            _judge(false, expected, "increaseStake");
        }
    }

    /// @notice Requests a key's exit, from its account or another actor.
    function requestExit(uint256 keySeed, uint256 callerSeed) external {
        uint256 key = _pick(keySeed, IStakeTable.Status.Active);
        address caller = _caller(key, callerSeed);
        bool expected = ghostStatus[key] == IStakeTable.Status.Active && caller == ghostAccount[key];
        vm.prank(caller);
        try stakeTable.requestExit(_keyHash(key)) {
            _judge(true, expected, "requestExit");
            ghostStatus[key] = IStakeTable.Status.Exiting;
            ghostUnlocksAt[key] = block.timestamp + stakeTable.exitEscrowPeriod();
        } catch {
            _judge(false, expected, "requestExit");
        }
    }

    /// @notice Withdraws a key's stake, from its account or another actor, whether or not the escrow has passed; half
    /// the time an exiting key's unlock time comes first, give or take a second.
    function withdraw(uint256 keySeed, uint256 callerSeed) external {
        uint256 key = _pick(keySeed, IStakeTable.Status.Exiting);
        address caller = _caller(key, callerSeed);
        uint256 unlocksAt = ghostUnlocksAt[key];
        if (
            ghostStatus[key] == IStakeTable.Status.Exiting && (keySeed >> 8) % 2 == 0 && block.timestamp + 1 < unlocksAt
        ) {
            vm.warp(unlocksAt + (keySeed >> 9) % 3 - 1);
        }
        bool expected = ghostStatus[key] == IStakeTable.Status.Exiting && caller == ghostAccount[key]
            && block.timestamp >= ghostUnlocksAt[key];
        uint256 before = caller.balance;
        vm.prank(caller);
        try stakeTable.withdraw(_keyHash(key)) {
            _judge(true, expected, "withdraw");
            if (caller.balance != before + ghostStake[key]) ++wronglyAccepted;
            ghostStatus[key] = IStakeTable.Status.Withdrawn;
            ghostWithdrawn += ghostStake[key];
            ghostStake[key] = 0;
        } catch {
            _judge(false, expected, "withdraw");
        }
    }

    /// @notice Lets up to 10 days pass (the escrow is 7).
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 0, 10 days));
        ++calls["warp"];
    }

    /// @notice Key `key`'s hash, as the contract names it.
    function keyHash(uint256 key) external view returns (bytes32) {
        return _keyHash(key);
    }

    function _keyHash(uint256 key) internal view returns (bytes32) {
        return keccak256(abi.encode(_publicKeys[key]));
    }

    /// @dev Half the time the first key from `seed` in `status` (when there is one), so the paths that need a key in
    /// that state run often; otherwise any key.
    function _pick(uint256 seed, IStakeTable.Status status) internal view returns (uint256) {
        if (seed % 2 == 0) {
            for (uint256 i; i < KEYS; ++i) {
                uint256 key = (seed / 2 + i) % KEYS;
                if (ghostStatus[key] == status) return key;
            }
        }
        return seed % KEYS;
    }

    /// @dev The key's account two times in three (once registered), otherwise a random actor.
    function _caller(uint256 key, uint256 seed) internal view returns (address) {
        address account = ghostAccount[key];
        if (account != address(0) && seed % 3 != 0) return account;
        return _actors[(seed / 3) % 3];
    }

    function _judge(bool wasAccepted, bool expected, bytes32 path) internal {
        if (wasAccepted && !expected) ++wronglyAccepted;
        if (!wasAccepted && expected) ++wronglyRefused;
        ++calls[path];
        if (wasAccepted) ++accepted[path];
    }
}
