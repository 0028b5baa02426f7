// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {StakeTable} from "../src/StakeTable.sol";
import {IStakeTable} from "../src/interfaces/IStakeTable.sol";
import {BlsTestKeys} from "./utils/BlsTestKeys.sol";
import {StakeTableFixture} from "./utils/StakeTableFixture.sol";

/// @notice Registration: who may enter the table, with which key, proof of possession and stake.
contract StakeTableRegisterTest is StakeTableFixture {
    function test_RegisterStoresTheValidatorAndCountsItsStake() public {
        (, BLS.G1Point memory pk) = _key(0);
        bytes32 keyHash = _register(alice, 0, 3 ether);
        IStakeTable.Validator memory v = stakeTable.validator(keyHash);
        assertEq(v.account, alice);
        assertEq(uint8(v.status), uint8(IStakeTable.Status.Active));
        assertEq(v.stake, 3 ether);
        assertEq(v.unlocksAt, 0);
        assertEq(keccak256(abi.encode(v.publicKey)), keccak256(abi.encode(pk)));
        assertEq(stakeTable.totalStake(), 3 ether);
        assertEq(stakeTable.activeValidatorCount(), 1);
        assertEq(address(stakeTable).balance, 3 ether);
        assertEq(stakeTable.keyHashOf(pk), keyHash);
    }

    function test_RegisterEmitsRegistered() public {
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.expectEmit(address(stakeTable));
        emit IStakeTable.Registered(keccak256(abi.encode(pk)), alice, pk, 2 ether);
        vm.prank(alice);
        stakeTable.register{value: 2 ether}(pk, signature);
    }

    function test_OneAccountRegistersSeveralKeys() public {
        _register(alice, 0, MIN_STAKE);
        _register(alice, 1, MIN_STAKE);
        assertEq(stakeTable.activeValidatorCount(), 2);
        assertEq(stakeTable.totalStake(), 2 * MIN_STAKE);
    }

    function test_RegistersAtExactlyTheMinimum() public {
        bytes32 keyHash = _register(alice, 0, MIN_STAKE);
        assertEq(stakeTable.validator(keyHash).stake, MIN_STAKE);
    }

    function test_RevertWhen_StakeBelowMinimum() public {
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.StakeBelowMinimum.selector, MIN_STAKE, MIN_STAKE - 1));
        stakeTable.register{value: MIN_STAKE - 1}(pk, signature);
    }

    function test_RevertWhen_KeyRegisteredTwice() public {
        bytes32 keyHash = _register(alice, 0, MIN_STAKE);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.KeyAlreadyRegistered.selector, keyHash));
        stakeTable.register{value: MIN_STAKE}(pk, signature);
    }

    function test_RevertWhen_AnotherAccountRegistersATakenKey() public {
        // Even with a valid proof of possession for itself: the key's holder already chose its account.
        bytes32 keyHash = _register(alice, 0, MIN_STAKE);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, bob);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.KeyAlreadyRegistered.selector, keyHash));
        stakeTable.register{value: MIN_STAKE}(pk, signature);
    }

    function test_RevertWhen_ProofIsForAnotherAccount() public {
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, bob);
        _expectRefusedProof(alice, pk, signature);
    }

    function test_RevertWhen_ProofIsForAnotherContract() public {
        StakeTable other = new StakeTable(MIN_STAKE, ESCROW);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(other, sk, alice);
        _expectRefusedProof(alice, pk, signature);
    }

    function test_RevertWhen_ProofIsForAnotherChain() public {
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        uint256 chainId = block.chainid;
        vm.chainId(chainId + 1);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.chainId(chainId);
        _expectRefusedProof(alice, pk, signature);
    }

    function test_RevertWhen_ProofIsByAnotherKey() public {
        (, BLS.G1Point memory pk) = _key(0);
        (uint256 otherSk,) = _key(1);
        bytes32 digest = stakeTable.proofOfPossessionDigest(alice, pk);
        _expectRefusedProof(alice, pk, BlsTestKeys.sign(otherSk, digest));
    }

    function test_RevertWhen_ProofIsForAnotherKey() public {
        (, BLS.G1Point memory pk) = _key(0);
        (uint256 otherSk,) = _key(1);
        // A valid proof, of the other key.
        _expectRefusedProof(alice, pk, _pop(stakeTable, otherSk, alice));
    }

    function test_RevertWhen_RogueKeyCancelsAnHonestKey() public {
        // The rogue key attack: with pkRogue = pkAttacker - pkVictim in the table, the attacker alone could sign for
        // both (pkRogue + pkVictim = pkAttacker). Without pkRogue's secret it cannot prove possession.
        (, BLS.G1Point memory victim) = _key(0);
        (uint256 attackerSk, BLS.G1Point memory attacker) = _key(1);
        BLS.G1Point memory rogue = BLS.add(attacker, _negate(victim));
        bytes32 digest = stakeTable.proofOfPossessionDigest(bob, rogue);
        _expectRefusedProof(bob, rogue, BlsTestKeys.sign(attackerSk, digest));
    }

    function test_RevertWhen_SignatureIsInfinity() public {
        (, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory infinity;
        _expectRefusedProof(alice, pk, infinity);
    }

    function test_RevertWhen_SignatureIsNotAPoint() public {
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        signature.y_c0_b = bytes32(uint256(signature.y_c0_b) ^ 1);
        vm.prank(alice);
        vm.expectRevert(IStakeTable.MalformedSignature.selector);
        stakeTable.register{value: MIN_STAKE}(pk, signature);
    }

    function test_RevertWhen_KeyIsInfinity() public {
        BLS.G1Point memory infinity;
        _expectInvalidKey(infinity);
    }

    function test_RevertWhen_KeyOffTheCurve() public {
        (, BLS.G1Point memory pk) = _key(0);
        pk.y_b = bytes32(uint256(pk.y_b) ^ 1);
        _expectInvalidKey(pk);
    }

    function test_RevertWhen_KeyOutsideTheSubgroup() public {
        // (0, 2) lies on y^2 = x^3 + 4 but not in the prime-order subgroup.
        _expectInvalidKey(BLS.G1Point({x_a: 0, x_b: 0, y_a: 0, y_b: bytes32(uint256(2))}));
    }

    function test_RevertWhen_DeployedWithoutAMinimum() public {
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.InvalidMinStake.selector, 0));
        new StakeTable(0, ESCROW);
    }

    function testFuzz_RegistersAnyStakeFromTheMinimum(uint256 stake) public {
        stake = bound(stake, MIN_STAKE, 1_000 ether);
        bytes32 keyHash = _register(alice, 0, stake);
        assertEq(stakeTable.validator(keyHash).stake, stake);
        assertEq(stakeTable.totalStake(), stake);
        assertEq(address(stakeTable).balance, stake);
    }

    function testFuzz_RevertWhen_StakeBelowMinimum(uint256 stake) public {
        stake = bound(stake, 0, MIN_STAKE - 1);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.StakeBelowMinimum.selector, MIN_STAKE, stake));
        stakeTable.register{value: stake}(pk, signature);
    }

    function testFuzz_ProofBindsTheAccount(address signedFor, address sender) public {
        vm.assume(signedFor != sender);
        (uint256 sk, BLS.G1Point memory pk) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, signedFor);
        vm.deal(sender, MIN_STAKE);
        _expectRefusedProof(sender, pk, signature);
    }

    function testFuzz_AnyKeyRegistersWithItsOwnProof(uint256 sk) public {
        sk = bound(sk, 1, BlsTestKeys.R - 1);
        BLS.G1Point memory pk = BlsTestKeys.publicKey(sk);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.prank(alice);
        stakeTable.register{value: MIN_STAKE}(pk, signature);
        assertEq(uint8(stakeTable.validator(keccak256(abi.encode(pk))).status), uint8(IStakeTable.Status.Active));
    }

    /// @dev Expects `account`'s registration of `pk` with `signature` to fail the proof-of-possession check.
    function _expectRefusedProof(address account, BLS.G1Point memory pk, BLS.G2Point memory signature) internal {
        bytes32 digest = stakeTable.proofOfPossessionDigest(account, pk);
        vm.prank(account);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.InvalidProofOfPossession.selector, digest));
        stakeTable.register{value: MIN_STAKE}(pk, signature);
        assertEq(stakeTable.activeValidatorCount(), 0);
    }

    /// @dev Expects registering `pk` (with any signature) to fail the key check.
    function _expectInvalidKey(BLS.G1Point memory pk) internal {
        (uint256 sk,) = _key(0);
        BLS.G2Point memory signature = _pop(stakeTable, sk, alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeTable.InvalidPublicKey.selector, keccak256(abi.encode(pk))));
        stakeTable.register{value: MIN_STAKE}(pk, signature);
    }

    /// @dev -point, as (R - 1) * point through G1MSM.
    function _negate(BLS.G1Point memory point) internal view returns (BLS.G1Point memory) {
        BLS.G1Point[] memory points = new BLS.G1Point[](1);
        points[0] = point;
        bytes32[] memory scalars = new bytes32[](1);
        scalars[0] = bytes32(BlsTestKeys.R - 1);
        return BLS.msm(points, scalars);
    }
}
