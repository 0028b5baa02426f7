// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";

/// @title IHotShot
/// @notice The light client of the sequencer network: the commitment of every decided header by height, advanced by
/// quorum certificates of the stake table (DESIGN.md sections 3 and 7).
interface IHotShot {
    /// @notice A block header; `keccak256(abi.encode(header))` is its commitment.
    struct Header {
        uint64 chainId;
        uint64 height;
        /// Unix time in milliseconds.
        uint64 timestamp;
        uint64 l1Head;
        bytes32 parentCommitment;
        bytes32 payloadCommitment;
        uint32 payloadSize;
    }

    /// @notice One row of a block's namespace table, which is sorted by namespace.
    struct NamespaceEntry {
        uint32 namespace;
        uint32 txCount;
        /// keccak256 of the namespace payload: uint32 count, count x uint32 length, then the bytes.
        bytes32 payloadHash;
    }

    /// @notice A quorum's aggregate signature over the finality digest of the last header it certifies.
    struct FinalityCertificate {
        /// Bit i of byte floor(i/8), least significant bit first, over stake-table order; ceil(size/8) bytes.
        bytes signers;
        /// The aggregate BLS signature in G2, EIP-2537 encoding.
        BLS.G2Point signature;
    }

    /// @notice A member of the stake table: its public key in G1 (EIP-2537 encoding) and its stake.
    struct StakeTableEntry {
        BLS.G1Point publicKey;
        uint256 stake;
    }

    /// @notice Headers `firstHeight..lastHeight` were certified and their commitments stored.
    event NewBlocks(uint64 firstHeight, uint64 lastHeight, bytes32 lastCommitment);

    /// @notice The stake table was replaced; later certificates are checked against it.
    event StakeTableUpdated(uint256 size, uint256 totalStake, uint256 quorumThreshold);

    /// @notice The table of `epoch` took over, certified by a quorum of the table before it.
    event StakeTableRotated(uint64 epoch, bytes32 digest);

    /// @notice `rotateStakeTable` named an epoch other than the current one plus one.
    error UnexpectedEpoch(uint64 expected, uint64 got);

    /// @notice `newBlocks` got an empty header list.
    error NoHeaders();

    /// @notice More headers than one call stores (one segment's code must fit EIP-170's limit).
    error TooManyHeaders(uint256 max, uint256 got);

    /// @notice A header names another network.
    error WrongChainId(uint64 expected, uint64 got);

    /// @notice A header's height does not continue the stored chain.
    error UnexpectedHeight(uint64 expected, uint64 got);

    /// @notice A header's parent commitment is not the commitment of the header before it.
    error ParentCommitmentMismatch(uint64 height, bytes32 expected, bytes32 got);

    /// @notice The signer bitmap is not ceil(size/8) bytes long.
    error SignerBitmapLengthMismatch(uint256 expected, uint256 got);

    /// @notice The signer bitmap sets a bit past the last stake-table member.
    error UnknownSigner(uint256 index, uint256 size);

    /// @notice The signers' stake is under the quorum threshold floor(2S/3)+1.
    error InsufficientStake(uint256 signed, uint256 needed);

    /// @notice The aggregate signature does not verify against the signers' keys over `digest`.
    error InvalidSignature(bytes32 digest);

    /// @notice The signature is not a valid G2 point of the prime-order subgroup.
    error MalformedSignature();

    /// @notice A stake table must have at least one member.
    error EmptyStakeTable();

    /// @notice A stake table exceeds the members the light client stores.
    error StakeTableTooLarge(uint256 max, uint256 got);

    /// @notice The stake table's total stake must be positive and under 2^128.
    error InvalidTotalStake(uint256 total);

    /// @notice A public key is the point at infinity, off the curve or outside the prime-order subgroup.
    error InvalidPublicKey(uint256 index);

    /// @notice The same public key is listed twice, which would count one signer's stake twice.
    error DuplicatePublicKey(uint256 index, uint256 firstIndex);

    /// @notice A height above `blockHeight` was asked for.
    error HeightNotFinalized(uint64 height, uint64 blockHeight);

    /// @notice The network's chain id: every stored header carries it.
    function chainId() external view returns (uint64);

    /// @notice The height of the last stored header (0 before any `newBlocks`: genesis).
    function blockHeight() external view returns (uint64);

    /// @notice The header commitment at `height`, or zero for a height above `blockHeight`.
    function commitments(uint64 height) external view returns (bytes32);

    /// @notice `count` consecutive commitments from `fromHeight`; reverts with HeightNotFinalized past `blockHeight`.
    /// `segmentHint` (where the caller expects `fromHeight`, e.g. the segment this returned last time) only saves
    /// gas: any value gives the same answer.
    function commitmentsFrom(uint64 fromHeight, uint256 count, uint256 segmentHint)
        external
        view
        returns (bytes32[] memory result, uint256 lastSegment);

    /// @notice The stake table in index order, the order of signer bitmaps.
    function stakeTable() external view returns (StakeTableEntry[] memory);

    /// @notice Members in the stake table.
    function stakeTableSize() external view returns (uint256);

    /// @notice Sum of every member's stake.
    function totalStake() external view returns (uint256);

    /// @notice Stake a certificate needs: floor(2 * totalStake / 3) + 1.
    function quorumThreshold() external view returns (uint256);

    /// @notice Stores `headers`, which must continue the stored chain, when `cert` is a quorum's signature over the
    /// finality digest of the last of them.
    function newBlocks(Header[] calldata headers, FinalityCertificate calldata cert) external;

    /// @notice The epoch of the stake table in force: 0 for the table given at deployment.
    function stakeTableEpoch() external view returns (uint64);

    /// @notice Replaces the stake table with `entries`, the table of `epoch` (the current epoch plus one), when
    /// `cert` is a quorum of the current table's signature over `Commitments.stakeTableRotationDigest`. No owner:
    /// only the outgoing validators can hand over to the next ones.
    function rotateStakeTable(uint64 epoch, StakeTableEntry[] calldata entries, FinalityCertificate calldata cert)
        external;
}
