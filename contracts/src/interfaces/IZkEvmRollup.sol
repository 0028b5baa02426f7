// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "./IHotShot.sol";
import {IVerifier} from "./IVerifier.sol";

/// @title IZkEvmRollup
/// @notice A zkEVM-style rollup of one namespace that takes its batches, height by height, from HotShot's decided
/// blocks (DESIGN.md section 7).
interface IZkEvmRollup {
    /// @notice Phase I: one HotShot block with the namespace's transactions in full.
    struct Batch {
        IHotShot.Header header;
        IHotShot.NamespaceEntry[] namespaceTable;
        /// The namespace's transactions in block order; empty when the namespace is absent from the table.
        bytes[] transactions;
    }

    /// @notice Phase II: one HotShot block, with only its namespace table; the data stays with the network.
    struct BatchCommitment {
        IHotShot.Header header;
        IHotShot.NamespaceEntry[] namespaceTable;
    }

    /// @notice Heights `fromHeight..toHeight` were sequenced with their transactions in calldata (phase I).
    event BatchesSequenced(uint64 fromHeight, uint64 toHeight, bytes32 accInputHash);

    /// @notice Heights `fromHeight..toHeight` were sequenced by commitment (phase II).
    event BatchCommitmentsSequenced(uint64 fromHeight, uint64 toHeight, bytes32 accInputHash);

    /// @notice A proof moved the verified state to `stateRoot` at `upToHeight`.
    event BatchesVerified(uint64 upToHeight, bytes32 stateRoot);

    /// @notice A sequencing call got an empty list.
    error NoBatches();

    /// @notice The rollup starts after genesis: its first height must be at least 1.
    error InvalidStartHeight(uint64 startHeight);

    /// @notice A batch's header is not at the next height to sequence.
    error UnexpectedHeight(uint64 expected, uint64 got);

    /// @notice HotShot has not stored this height yet.
    error HeightNotFinalized(uint64 height, uint64 hotShotHeight);

    /// @notice A batch's header does not hash to the commitment HotShot stored for its height.
    error HeaderCommitmentMismatch(uint64 height, bytes32 expected, bytes32 got);

    /// @notice A batch's namespace table does not hash to its header's payload commitment.
    error PayloadCommitmentMismatch(uint64 height, bytes32 expected, bytes32 got);

    /// @notice A namespace table's entries are not strictly ascending by namespace at `index`.
    error NamespaceTableNotSorted(uint64 height, uint256 index);

    /// @notice A batch's transactions do not hash to the namespace table's entry.
    error PayloadHashMismatch(uint64 height, bytes32 expected, bytes32 got);

    /// @notice The namespace is absent from the table, yet the batch carries transactions.
    error NamespaceAbsent(uint64 height, uint256 txCount);

    /// @notice `upToHeight` is already verified.
    error AlreadyVerified(uint64 upToHeight, uint64 verifiedHeight);

    /// @notice `upToHeight` is not sequenced yet.
    error NotSequenced(uint64 upToHeight, uint64 sequencedHeight);

    /// @notice Proofs end where a sequencing call ended; `height` is not such a boundary.
    error NotASequenceBoundary(uint64 height);

    /// @notice The verifier refused the proof.
    error InvalidProof(bytes32 publicInputHash);

    /// @notice The light client the rollup follows.
    function hotShot() external view returns (IHotShot);

    /// @notice The verifier of state-transition proofs.
    function verifier() external view returns (IVerifier);

    /// @notice The namespace this rollup reads.
    function namespace() external view returns (uint32);

    /// @notice The last sequenced HotShot height.
    function sequencedHeight() external view returns (uint64);

    /// @notice The last height whose state transition is proven.
    function verifiedHeight() external view returns (uint64);

    /// @notice The state root at `verifiedHeight`.
    function stateRoot() external view returns (bytes32);

    /// @notice The accumulated input hash at `height`, set where a sequencing call ended (zero elsewhere).
    function accInputHashes(uint64 height) external view returns (bytes32);

    /// @notice The hash a proof of the transition to `newStateRoot` at `upToHeight` must verify against.
    function publicInputHash(uint64 upToHeight, bytes32 newStateRoot) external view returns (bytes32);

    /// @notice Phase I: sequences the next heights with the namespace's transactions in calldata.
    function sequenceBatches(Batch[] calldata batches) external;

    /// @notice Phase II: sequences the next heights by their namespace tables only.
    function sequenceBatchCommitments(BatchCommitment[] calldata batches) external;

    /// @notice Moves the verified state to `newStateRoot` at `upToHeight` with a validity proof.
    function verifyBatches(uint64 upToHeight, bytes32 newStateRoot, bytes calldata proof) external;
}
