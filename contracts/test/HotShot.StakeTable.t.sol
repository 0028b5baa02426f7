// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HotShot} from "../src/HotShot.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {StakeTables} from "../src/libraries/StakeTables.sol";
import {BlsTestKeys} from "./utils/BlsTestKeys.sol";
import {HotShotFixture} from "./utils/HotShotFixture.sol";

contract HotShotStakeTableTest is HotShotFixture {
    uint256 internal constant OTHER_SEED = 2;

    function setUp() public {
        _deployEqual(4);
    }

    function test_ConstructorEmitsTheTable() public {
        uint256[] memory stakes = new uint256[](3);
        (stakes[0], stakes[1], stakes[2]) = (5, 5, 20);
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, stakes);
        vm.expectEmit();
        emit IHotShot.StakeTableUpdated(3, 30, 21);
        new HotShot(CHAIN_ID, entries);
    }

    function test_ViewsReturnTheTable() public view {
        IHotShot.StakeTableEntry[] memory table = hotShot.stakeTable();
        assertEq(table.length, 4);
        assertEq(hotShot.stakeTableSize(), 4);
        assertEq(hotShot.totalStake(), 4);
        assertEq(hotShot.quorumThreshold(), 3);
        for (uint256 i; i < 4; ++i) {
            BLS.G1Point memory expected = BlsTestKeys.publicKey(secretKeys[i]);
            assertEq(keccak256(abi.encode(table[i].publicKey)), keccak256(abi.encode(expected)));
            assertEq(table[i].stake, 1);
        }
        assertEq(hotShot.stakeTableEpoch(), 0);
    }

    function test_TheQuorumHandsOverToTheNextTable() public {
        uint256[] memory stakes = new uint256[](2);
        (stakes[0], stakes[1]) = (7, 8);
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, stakes);
        bytes32 digest = Commitments.stakeTableRotationDigest(CHAIN_ID, 1, entries);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectEmit(address(hotShot));
        emit IHotShot.StakeTableUpdated(2, 15, 11);
        vm.expectEmit(address(hotShot));
        emit IHotShot.StakeTableRotated(1, digest);
        // Anyone may submit the hand-over: the certificate is the authority, not the sender.
        vm.prank(makeAddr("anyone"));
        hotShot.rotateStakeTable(1, entries, cert);
        assertEq(hotShot.stakeTableEpoch(), 1);
        assertEq(hotShot.stakeTableSize(), 2);
        assertEq(hotShot.totalStake(), 15);
        assertEq(hotShot.quorumThreshold(), 11);
        assertEq(hotShot.stakeTable()[1].stake, 8);
        assertEq(hotShot.stakeTable()[1].publicKey.y_b, entries[1].publicKey.y_b);
    }

    function test_OldMembersCannotCertifyAfterRotation() public {
        _rotate(_entries(OTHER_SEED, _ones(4)));
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digestOf(headers[0])));
        hotShot.newBlocks(headers, cert);
    }

    function test_NewMembersCertifyAndHandOverInTurn() public {
        IHotShot.StakeTableEntry[] memory next = _entries(OTHER_SEED, _ones(3));
        _rotate(next);
        _becomeMembersOf(OTHER_SEED, 3);
        IHotShot.Header[] memory headers = _nextHeaders(2);
        hotShot.newBlocks(headers, _certifyAll(headers));
        assertEq(hotShot.blockHeight(), 2);
        // Epoch 2 is signed by epoch 1's members, not by the deployment's.
        IHotShot.StakeTableEntry[] memory after_ = _entries(OTHER_SEED + 1, _ones(5));
        _rotate(after_);
        assertEq(hotShot.stakeTableEpoch(), 2);
        assertEq(hotShot.stakeTableSize(), 5);
    }

    function test_RevertWhen_EpochIsNotTheNext() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        for (uint64 epoch; epoch < 4; epoch += 2) {
            IHotShot.FinalityCertificate memory cert = _rotationCert(epoch, entries);
            vm.expectRevert(abi.encodeWithSelector(IHotShot.UnexpectedEpoch.selector, 1, epoch));
            hotShot.rotateStakeTable(epoch, entries, cert);
        }
    }

    function test_RevertWhen_TooFewMembersSignTheHandOver() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        IHotShot.FinalityCertificate memory cert =
            _certifyDigest(Commitments.stakeTableRotationDigest(CHAIN_ID, 1, entries), _range(0, 2));
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, 2, 3));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_TheCertificateNamesAnotherTableOrEpoch() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        IHotShot.StakeTableEntry[] memory other = _entries(OTHER_SEED, _ones(4));
        bytes32 digest = Commitments.stakeTableRotationDigest(CHAIN_ID, 1, entries);
        IHotShot.FinalityCertificate memory forOther = _rotationCert(1, other);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, digest));
        hotShot.rotateStakeTable(1, entries, forOther);
        // A hand-over signed for a later epoch cannot be replayed early, nor an old one again.
        IHotShot.FinalityCertificate memory forEpoch2 = _rotationCert(2, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, digest));
        hotShot.rotateStakeTable(1, entries, forEpoch2);
        IHotShot.FinalityCertificate memory valid = _rotationCert(1, entries);
        hotShot.rotateStakeTable(1, entries, valid);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.UnexpectedEpoch.selector, 2, 1));
        hotShot.rotateStakeTable(1, entries, valid);
    }

    function test_RevertWhen_AFinalityCertificateIsOfferedAsAHandOver() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        IHotShot.FinalityCertificate memory headerCert = _certifyAll(_nextHeaders(1));
        bytes32 digest = Commitments.stakeTableRotationDigest(CHAIN_ID, 1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, digest));
        hotShot.rotateStakeTable(1, entries, headerCert);
    }

    function test_RevertWhen_TableEmpty() public {
        IHotShot.StakeTableEntry[] memory entries = new IHotShot.StakeTableEntry[](0);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(IHotShot.EmptyStakeTable.selector);
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_TableTooLarge() public {
        IHotShot.StakeTableEntry[] memory entries = new IHotShot.StakeTableEntry[](513);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.StakeTableTooLarge.selector, 512, 513));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_TotalStakeZero() public {
        uint256[] memory stakes = new uint256[](2);
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, stakes);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidTotalStake.selector, 0));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_StakeReaches2To128() public {
        uint256[] memory stakes = new uint256[](2);
        (stakes[0], stakes[1]) = (1, 1 << 128);
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, stakes);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidTotalStake.selector, 1 << 128));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_TotalStakeReaches2To128() public {
        uint256[] memory stakes = new uint256[](2);
        (stakes[0], stakes[1]) = (1 << 127, 1 << 127);
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, stakes);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidTotalStake.selector, 1 << 128));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_KeyIsInfinity() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        delete entries[1].publicKey;
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidPublicKey.selector, 1));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_KeyOffTheCurve() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        entries[2].publicKey.y_b = bytes32(uint256(entries[2].publicKey.y_b) ^ 1);
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidPublicKey.selector, 2));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_KeyOutsideTheSubgroup() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(3));
        // (0, 2) lies on y^2 = x^3 + 4 but not in the prime-order subgroup.
        entries[0].publicKey = BLS.G1Point({x_a: 0, x_b: 0, y_a: 0, y_b: bytes32(uint256(2))});
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidPublicKey.selector, 0));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_RevertWhen_KeyRepeated() public {
        IHotShot.StakeTableEntry[] memory entries = _entries(OTHER_SEED, _ones(5));
        entries[4].publicKey = entries[1].publicKey;
        IHotShot.FinalityCertificate memory cert = _rotationCert(1, entries);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.DuplicatePublicKey.selector, 4, 1));
        hotShot.rotateStakeTable(1, entries, cert);
    }

    function test_StoresATableAcrossChunks() public {
        // 200 members span two code chunks (128 records each, the first holding the header).
        _deployEqual(200);
        IHotShot.StakeTableEntry[] memory table = hotShot.stakeTable();
        assertEq(table.length, 200);
        assertEq(table[199].publicKey.x_b, BlsTestKeys.publicKey(secretKeys[199]).x_b);
        assertEq(hotShot.totalStake(), 200);
        // Signers on both sides of the chunk boundary, few and many.
        IHotShot.Header[] memory headers = _nextHeaders(1);
        hotShot.newBlocks(headers, _certify(headers, _range(0, 134)));
        headers = _nextHeaders(1);
        hotShot.newBlocks(headers, _certify(headers, _range(66, 200)));
        assertEq(hotShot.blockHeight(), 2);
    }

    function testFuzz_AnySignerSetAggregatesTheSameKey(uint256 seed) public {
        // Whichever side is summed (signers or the rest), the aggregate must match the signers' secret-key sum.
        _deployEqual(12);
        uint256 mask = bound(seed, 0, (1 << 12) - 1);
        uint256 count;
        for (uint256 i; i < 12; ++i) {
            if (mask & (1 << i) != 0) ++count;
        }
        uint256[] memory signers = new uint256[](count);
        count = 0;
        for (uint256 i; i < 12; ++i) {
            if (mask & (1 << i) != 0) signers[count++] = i;
        }
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certify(headers, signers);
        if (count < 9) vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, count, 9));
        hotShot.newBlocks(headers, cert);
    }

    /// @dev Makes the `size` keys of `seed` the members this fixture signs with.
    function _becomeMembersOf(uint256 seed, uint256 size) internal {
        delete secretKeys;
        for (uint256 i; i < size; ++i) {
            secretKeys.push(BlsTestKeys.secretKey(seed, i));
        }
    }

    function _ones(uint256 size) internal pure returns (uint256[] memory stakes) {
        stakes = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            stakes[i] = 1;
        }
    }
}
