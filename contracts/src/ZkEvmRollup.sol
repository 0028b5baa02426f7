// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "./interfaces/IHotShot.sol";
import {IVerifier} from "./interfaces/IVerifier.sol";
import {IZkEvmRollup} from "./interfaces/IZkEvmRollup.sol";
import {Commitments} from "./libraries/Commitments.sol";

/// @title ZkEvmRollup
/// @notice A zkEVM-style rollup of one namespace sequenced by the sequencer network: it consumes HotShot heights in
/// order without gaps, proves each block's namespace data (or its absence) against the header HotShot certified, and
/// folds it into an accumulated input hash that validity proofs commit to.
/// @dev Anyone may sequence: every batch is checked against HotShot, so there is nothing to trust in the caller.
contract ZkEvmRollup is IZkEvmRollup {
    /// @dev The rollup's progress, in one slot.
    struct State {
        uint64 sequencedHeight;
        uint64 verifiedHeight;
        /// HotShot's segment of `sequencedHeight`, where the next lookup starts.
        uint32 segmentHint;
    }

    /// @inheritdoc IZkEvmRollup
    IHotShot public immutable hotShot;
    /// @inheritdoc IZkEvmRollup
    IVerifier public immutable verifier;
    /// @inheritdoc IZkEvmRollup
    uint32 public immutable namespace;

    State internal _state;
    /// @inheritdoc IZkEvmRollup
    bytes32 public stateRoot;
    /// @inheritdoc IZkEvmRollup
    mapping(uint64 height => bytes32) public accInputHashes;

    /// @param startHeight The first HotShot height this rollup sequences (at least 1: genesis carries no data).
    /// @param genesisStateRoot The rollup's state root before its first batch.
    constructor(
        IHotShot hotShot_,
        IVerifier verifier_,
        uint32 namespace_,
        uint64 startHeight,
        bytes32 genesisStateRoot
    ) {
        if (startHeight == 0) revert InvalidStartHeight(startHeight);
        hotShot = hotShot_;
        verifier = verifier_;
        namespace = namespace_;
        _state = State({sequencedHeight: startHeight - 1, verifiedHeight: startHeight - 1, segmentHint: 0});
        stateRoot = genesisStateRoot;
    }

    /// @inheritdoc IZkEvmRollup
    function sequenceBatches(Batch[] calldata batches) external {
        uint256 count = batches.length;
        (State memory state, bytes32[] memory commitments) = _claim(count);
        bytes32 acc = accInputHashes[state.sequencedHeight];
        uint64 fromHeight = state.sequencedHeight + 1;
        for (uint256 i; i < count; ++i) {
            Batch calldata batch = batches[i];
            uint64 height = fromHeight + uint64(i);
            bytes32 headerCommitment = _checkHeader(height, batch.header, commitments[i]);
            (bool present, bytes32 expected) = _findNamespace(height, batch.header, batch.namespaceTable);
            if (!present && batch.transactions.length != 0) revert NamespaceAbsent(height, batch.transactions.length);
            bytes32 payloadHash = Commitments.namespacePayloadHash(batch.transactions);
            if (payloadHash != expected) revert PayloadHashMismatch(height, expected, payloadHash);
            acc = _accumulate(acc, height, headerCommitment, payloadHash);
        }
        uint64 toHeight = _commit(state, count, acc);
        emit BatchesSequenced(fromHeight, toHeight, acc);
    }

    /// @inheritdoc IZkEvmRollup
    function sequenceBatchCommitments(BatchCommitment[] calldata batches) external {
        uint256 count = batches.length;
        (State memory state, bytes32[] memory commitments) = _claim(count);
        bytes32 acc = accInputHashes[state.sequencedHeight];
        uint64 fromHeight = state.sequencedHeight + 1;
        for (uint256 i; i < count; ++i) {
            BatchCommitment calldata batch = batches[i];
            uint64 height = fromHeight + uint64(i);
            bytes32 headerCommitment = _checkHeader(height, batch.header, commitments[i]);
            (, bytes32 payloadHash) = _findNamespace(height, batch.header, batch.namespaceTable);
            acc = _accumulate(acc, height, headerCommitment, payloadHash);
        }
        uint64 toHeight = _commit(state, count, acc);
        emit BatchCommitmentsSequenced(fromHeight, toHeight, acc);
    }

    /// @inheritdoc IZkEvmRollup
    function verifyBatches(uint64 upToHeight, bytes32 newStateRoot, bytes calldata proof) external {
        State memory state = _state;
        if (upToHeight <= state.verifiedHeight) revert AlreadyVerified(upToHeight, state.verifiedHeight);
        if (upToHeight > state.sequencedHeight) revert NotSequenced(upToHeight, state.sequencedHeight);
        bytes32 input = _publicInputHash(state, upToHeight, newStateRoot);
        if (!verifier.verify(proof, input)) revert InvalidProof(input);
        state.verifiedHeight = upToHeight;
        _state = state;
        stateRoot = newStateRoot;
        emit BatchesVerified(upToHeight, newStateRoot);
    }

    /// @inheritdoc IZkEvmRollup
    function sequencedHeight() external view returns (uint64) {
        return _state.sequencedHeight;
    }

    /// @inheritdoc IZkEvmRollup
    function verifiedHeight() external view returns (uint64) {
        return _state.verifiedHeight;
    }

    /// @inheritdoc IZkEvmRollup
    function publicInputHash(uint64 upToHeight, bytes32 newStateRoot) external view returns (bytes32) {
        return _publicInputHash(_state, upToHeight, newStateRoot);
    }

    /// @dev The next `count` heights and HotShot's commitments for them; reverts if HotShot has not stored them.
    function _claim(uint256 count) internal view returns (State memory state, bytes32[] memory commitments) {
        if (count == 0) revert NoBatches();
        state = _state;
        uint256 segment;
        // A height past HotShot's reverts there with HeightNotFinalized, an error this interface declares too.
        (commitments, segment) = hotShot.commitmentsFrom(state.sequencedHeight + 1, count, state.segmentHint);
        state.segmentHint = uint32(segment);
    }

    /// @dev Stores the new progress and the accumulator at the sequence's last height; returns that height.
    function _commit(State memory state, uint256 count, bytes32 acc) internal returns (uint64 toHeight) {
        toHeight = state.sequencedHeight + uint64(count);
        state.sequencedHeight = toHeight;
        _state = state;
        accInputHashes[toHeight] = acc;
    }

    /// @dev Checks `header` is the one HotShot stored at `height`; returns its commitment.
    function _checkHeader(uint64 height, IHotShot.Header calldata header, bytes32 stored)
        internal
        pure
        returns (bytes32 commitment)
    {
        if (header.height != height) revert UnexpectedHeight(height, header.height);
        commitment = Commitments.headerCommitment(header);
        if (commitment != stored) revert HeaderCommitmentMismatch(height, stored, commitment);
    }

    /// @dev Checks `table` against the header's payload commitment and looks this rollup's namespace up in it. An
    /// absent namespace is an empty batch: its payload hash is that of the empty namespace payload.
    function _findNamespace(uint64 height, IHotShot.Header calldata header, IHotShot.NamespaceEntry[] calldata table)
        internal
        view
        returns (bool present, bytes32 payloadHash)
    {
        bytes32 commitment = Commitments.payloadCommitment(table);
        if (commitment != header.payloadCommitment) {
            revert PayloadCommitmentMismatch(height, header.payloadCommitment, commitment);
        }
        payloadHash = Commitments.EMPTY_NAMESPACE_PAYLOAD_HASH;
        uint256 previous;
        // Absence is proven by the whole table being strictly ascending with no entry equal to ours.
        for (uint256 i; i < table.length; ++i) {
            uint32 entryNamespace = table[i].namespace;
            if (i != 0 && entryNamespace <= previous) revert NamespaceTableNotSorted(height, i);
            previous = entryNamespace;
            if (entryNamespace == namespace) {
                present = true;
                payloadHash = table[i].payloadHash;
            }
        }
    }

    /// @dev The accumulated input hash after one more height.
    function _accumulate(bytes32 acc, uint64 height, bytes32 headerCommitment, bytes32 payloadHash)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(acc, height, headerCommitment, payloadHash));
    }

    /// @dev What a proof of the transition from the verified state to `newStateRoot` at `upToHeight` commits to.
    function _publicInputHash(State memory state, uint64 upToHeight, bytes32 newStateRoot)
        internal
        view
        returns (bytes32)
    {
        bytes32 newAcc = accInputHashes[upToHeight];
        if (newAcc == bytes32(0)) revert NotASequenceBoundary(upToHeight);
        return keccak256(
            abi.encode(
                block.chainid,
                address(this),
                state.verifiedHeight,
                upToHeight,
                accInputHashes[state.verifiedHeight],
                newAcc,
                stateRoot,
                newStateRoot
            )
        );
    }
}
