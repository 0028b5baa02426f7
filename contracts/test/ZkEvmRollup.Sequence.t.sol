// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {IVerifier} from "../src/interfaces/IVerifier.sol";
import {IZkEvmRollup} from "../src/interfaces/IZkEvmRollup.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {ZkEvmRollup} from "../src/ZkEvmRollup.sol";
import {NamespacePayloads} from "./utils/NamespacePayloads.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @notice Phases I and II: batches taken height by height from HotShot and checked against its commitments.
contract ZkEvmRollupSequenceTest is RollupFixture {
    function setUp() public {
        _deployRollup(true);
    }

    function test_Deployment() public view {
        assertEq(address(rollup.hotShot()), address(hotShot));
        assertEq(address(rollup.verifier()), address(verifier));
        assertEq(rollup.namespace(), NAMESPACE);
        assertEq(rollup.sequencedHeight(), 0);
        assertEq(rollup.verifiedHeight(), 0);
        assertEq(rollup.stateRoot(), GENESIS_STATE_ROOT);
    }

    function test_RevertWhen_StartHeightIsGenesis() public {
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.InvalidStartHeight.selector, 0));
        new ZkEvmRollup(hotShot, verifier, NAMESPACE, 0, GENESIS_STATE_ROOT);
    }

    function test_SequencesFullBatches() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(3, 2, 40);
        bytes32 acc = _accumulate(bytes32(0), batches);
        vm.expectEmit(address(rollup));
        emit IZkEvmRollup.BatchesSequenced(1, 3, acc);
        rollup.sequenceBatches(batches);
        assertEq(rollup.sequencedHeight(), 3);
        assertEq(rollup.accInputHashes(3), acc);
        assertEq(rollup.accInputHashes(2), bytes32(0));
    }

    function test_SequencesBatchCommitments() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(3, 2, 40);
        bytes32 acc = _accumulate(bytes32(0), batches);
        vm.expectEmit(address(rollup));
        emit IZkEvmRollup.BatchCommitmentsSequenced(1, 3, acc);
        rollup.sequenceBatchCommitments(_commitmentsOf(batches));
        assertEq(rollup.sequencedHeight(), 3);
        // Both phases fold the same inputs into the same accumulator.
        assertEq(rollup.accInputHashes(3), acc);
    }

    function test_PhasesInterleave() public {
        IZkEvmRollup.Batch[] memory first = _produceUniform(2, 1, 10);
        IZkEvmRollup.Batch[] memory second = _produceUniform(2, 1, 10);
        rollup.sequenceBatches(first);
        rollup.sequenceBatchCommitments(_commitmentsOf(second));
        assertEq(rollup.sequencedHeight(), 4);
        assertEq(rollup.accInputHashes(4), _accumulate(_accumulate(bytes32(0), first), second));
    }

    function test_AbsentNamespaceIsAnEmptyBatch() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(2, 0, 0);
        assertEq(batches[0].namespaceTable.length, 2);
        rollup.sequenceBatches(batches);
        assertEq(rollup.sequencedHeight(), 2);
        bytes32 acc = _accumulate(bytes32(0), batches);
        assertEq(rollup.accInputHashes(2), acc);
        // Phase II sees the same absence.
        _deployRollup(true);
        batches = _produceUniform(2, 0, 0);
        rollup.sequenceBatchCommitments(_commitmentsOf(batches));
        assertEq(rollup.accInputHashes(2), acc);
    }

    function test_EmptyTableIsAnEmptyBatch() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        _store(headers);
        IZkEvmRollup.Batch[] memory batches = new IZkEvmRollup.Batch[](1);
        batches[0].header = headers[0];
        rollup.sequenceBatches(batches);
        assertEq(rollup.accInputHashes(1), _accumulate(bytes32(0), batches));
    }

    function test_RevertWhen_NoBatches() public {
        vm.expectRevert(IZkEvmRollup.NoBatches.selector);
        rollup.sequenceBatches(new IZkEvmRollup.Batch[](0));
        vm.expectRevert(IZkEvmRollup.NoBatches.selector);
        rollup.sequenceBatchCommitments(new IZkEvmRollup.BatchCommitment[](0));
    }

    function test_RevertWhen_HeightNotInHotShot() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(2, 1, 10);
        IZkEvmRollup.Batch[] memory more = new IZkEvmRollup.Batch[](3);
        (more[0], more[1], more[2]) = (batches[0], batches[1], batches[1]);
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.HeightNotFinalized.selector, 3, 2));
        rollup.sequenceBatches(more);
    }

    function test_RevertWhen_HeightSkipped() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(2, 1, 10);
        IZkEvmRollup.Batch[] memory skipping = new IZkEvmRollup.Batch[](1);
        skipping[0] = batches[1];
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.UnexpectedHeight.selector, 1, 2));
        rollup.sequenceBatches(skipping);
    }

    function test_RevertWhen_HeightSequencedTwice() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(2, 1, 10);
        IZkEvmRollup.Batch[] memory first = new IZkEvmRollup.Batch[](1);
        first[0] = batches[0];
        rollup.sequenceBatches(first);
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.UnexpectedHeight.selector, 2, 1));
        rollup.sequenceBatches(first);
    }

    function test_RevertWhen_HeaderNotTheCertifiedOne() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 1, 10);
        bytes32 certified = hotShot.commitments(1);
        batches[0].header.l1Head += 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.HeaderCommitmentMismatch.selector,
                1,
                certified,
                Commitments.headerCommitmentOf(batches[0].header)
            )
        );
        rollup.sequenceBatches(batches);
    }

    function test_RevertWhen_NamespaceTableWrong() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 1, 10);
        // Drop our entry: a forged absence does not hash to the payload commitment.
        IHotShot.NamespaceEntry[] memory forged = new IHotShot.NamespaceEntry[](2);
        (forged[0], forged[1]) = (batches[0].namespaceTable[0], batches[0].namespaceTable[2]);
        bytes32 committed = batches[0].header.payloadCommitment;
        batches[0].namespaceTable = forged;
        batches[0].transactions = new bytes[](0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.PayloadCommitmentMismatch.selector, 1, committed, keccak256(abi.encode(forged))
            )
        );
        rollup.sequenceBatches(batches);
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.PayloadCommitmentMismatch.selector, 1, committed, keccak256(abi.encode(forged))
            )
        );
        rollup.sequenceBatchCommitments(_commitmentsOf(batches));
    }

    function test_RevertWhen_DataDoesNotHashToTheTable() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 2, 10);
        bytes32 expected = batches[0].namespaceTable[1].payloadHash;
        batches[0].transactions[1] = hex"deadbeef";
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.PayloadHashMismatch.selector, 1, expected, NamespacePayloads.hash(batches[0].transactions)
            )
        );
        rollup.sequenceBatches(batches);
    }

    function test_RevertWhen_TransactionDropped() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 2, 10);
        bytes32 expected = batches[0].namespaceTable[1].payloadHash;
        bytes[] memory fewer = new bytes[](1);
        fewer[0] = batches[0].transactions[0];
        batches[0].transactions = fewer;
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.PayloadHashMismatch.selector, 1, expected, NamespacePayloads.hash(fewer)
            )
        );
        rollup.sequenceBatches(batches);
    }

    function test_RevertWhen_TransactionsForAbsentNamespace() public {
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 0, 0);
        batches[0].transactions = new bytes[](2);
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.NamespaceAbsent.selector, 1, 2));
        rollup.sequenceBatches(batches);
    }

    function test_RevertWhen_TableNotSorted() public {
        // A quorum certified a table with our namespace twice; the rollup refuses to pick one.
        bytes[] memory transactions = new bytes[](1);
        transactions[0] = hex"01";
        IHotShot.NamespaceEntry[] memory table = new IHotShot.NamespaceEntry[](2);
        table[0] = IHotShot.NamespaceEntry(NAMESPACE, 1, NamespacePayloads.hash(transactions));
        table[1] = IHotShot.NamespaceEntry(NAMESPACE, 0, Commitments.EMPTY_NAMESPACE_PAYLOAD_HASH);
        bytes32[] memory payloads = new bytes32[](1);
        payloads[0] = keccak256(abi.encode(table));
        IHotShot.Header[] memory headers = _nextHeadersWith(payloads);
        _store(headers);
        IZkEvmRollup.BatchCommitment[] memory batches = new IZkEvmRollup.BatchCommitment[](1);
        batches[0] = IZkEvmRollup.BatchCommitment(headers[0], table);
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.NamespaceTableNotSorted.selector, 1, 1));
        rollup.sequenceBatchCommitments(batches);
    }

    function test_StartsAtALaterHeight() public {
        _produceUniform(2, 1, 10);
        ZkEvmRollup late = new ZkEvmRollup(hotShot, IVerifier(address(verifier)), NAMESPACE, 3, GENESIS_STATE_ROOT);
        assertEq(late.sequencedHeight(), 2);
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 1, 10);
        late.sequenceBatches(batches);
        assertEq(late.sequencedHeight(), 3);
        assertEq(late.accInputHashes(3), _accumulate(bytes32(0), batches));
    }

    function testFuzz_AnyMixOfPresentAndAbsentBlocks(uint256 seed) public {
        uint256 count = bound(seed, 1, 12);
        bytes[][] memory perBlock = new bytes[][](count);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            perBlock[i] = new bytes[](r % 4);
            for (uint256 j; j < perBlock[i].length; ++j) {
                perBlock[i][j] = _payload((r >> (8 * (j + 1))) % 70, i, j);
            }
        }
        IZkEvmRollup.Batch[] memory batches = _produce(perBlock);
        uint256 split = bound(seed >> 128, 0, count);
        IZkEvmRollup.Batch[] memory first = new IZkEvmRollup.Batch[](split);
        IZkEvmRollup.Batch[] memory second = new IZkEvmRollup.Batch[](count - split);
        for (uint256 i; i < count; ++i) {
            if (i < split) first[i] = batches[i];
            else second[i - split] = batches[i];
        }
        if (split != 0) rollup.sequenceBatches(first);
        if (split != count) rollup.sequenceBatchCommitments(_commitmentsOf(second));
        assertEq(rollup.sequencedHeight(), count);
        assertEq(rollup.accInputHashes(uint64(count)), _accumulate(bytes32(0), batches));
    }
}
