// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {SSTORE2} from "solady/utils/SSTORE2.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {IHotShot} from "./interfaces/IHotShot.sol";
import {BlsSignatures} from "./libraries/BlsSignatures.sol";
import {Commitments} from "./libraries/Commitments.sol";
import {StakeTables} from "./libraries/StakeTables.sol";

/// @title HotShot
/// @notice The light client of the sequencer network. It stores the commitment of every decided header, and accepts
/// new headers only when they continue the stored hash chain and a quorum of stake signed the finality digest of the
/// last of them, checked on-chain with BLS12-381 through EIP-2537.
/// @dev Each `newBlocks` call writes its commitments as one code segment (SSTORE2): 6,400 gas per commitment where a
/// storage slot costs 22,100, which keeps a batch of 20 headers under 30k gas per header with the certificate check.
/// There is no owner: after deployment the stake table changes only by `rotateStakeTable`, certified by a quorum of
/// the table it replaces, so no single L1 key can choose who certifies headers (issue 18).
contract HotShot is IHotShot {
    /// @notice Headers one call stores: a segment's code holds at most (24,576 - 1) / 32 commitments.
    uint256 public constant MAX_HEADERS = 767;

    /// @dev Everything a `newBlocks` call reads and writes besides the segments, in one slot.
    struct State {
        uint64 blockHeight;
        uint32 segmentCount;
        uint32 stakeTableSize;
        uint128 quorumThreshold;
    }

    /// @dev The commitments of heights firstHeight.. stored as code at `data`, 32 bytes each after a STOP byte.
    struct Segment {
        uint64 firstHeight;
        address data;
    }

    /// @inheritdoc IHotShot
    uint64 public immutable chainId;

    State internal _state;
    mapping(uint256 index => Segment) internal _segments;
    mapping(uint256 index => address) internal _stakeTableChunks;

    /// @inheritdoc IHotShot
    uint64 public stakeTableEpoch;

    /// @param chainId_ The network's chain id; the chain starts from its genesis header (DESIGN.md section 3).
    /// @param entries The stake table of epoch 0, in the order signer bitmaps index it.
    constructor(uint64 chainId_, StakeTableEntry[] memory entries) {
        chainId = chainId_;
        bytes32 genesis = Commitments.headerCommitmentOf(Commitments.genesisHeader(chainId_));
        _segments[0] = Segment({firstHeight: 0, data: SSTORE2.write(abi.encodePacked(genesis))});
        _state.segmentCount = 1;
        _setStakeTable(entries);
    }

    /// @inheritdoc IHotShot
    function newBlocks(Header[] calldata headers, FinalityCertificate calldata cert) external {
        uint256 count = headers.length;
        if (count == 0) revert NoHeaders();
        if (count > MAX_HEADERS) revert TooManyHeaders(MAX_HEADERS, count);
        State memory state = _state;
        Segment memory tail = _segments[state.segmentCount - 1];
        bytes32 parent = _commitmentIn(tail.data, state.blockHeight - tail.firstHeight);
        uint64 firstHeight = state.blockHeight + 1;

        bytes memory segment = new bytes(count * 32);
        for (uint256 i; i < count; ++i) {
            Header calldata header = headers[i];
            uint64 height = firstHeight + uint64(i);
            if (header.chainId != chainId) revert WrongChainId(chainId, header.chainId);
            if (header.height != height) revert UnexpectedHeight(height, header.height);
            if (header.parentCommitment != parent) {
                revert ParentCommitmentMismatch(height, parent, header.parentCommitment);
            }
            parent = Commitments.headerCommitment(header);
            assembly ("memory-safe") {
                mstore(add(add(segment, 0x20), shl(5, i)), parent)
            }
        }
        uint64 lastHeight = firstHeight + uint64(count - 1);
        _checkCertificate(state, lastHeight, parent, cert);

        _segments[state.segmentCount] = Segment({firstHeight: firstHeight, data: SSTORE2.write(segment)});
        state.blockHeight = lastHeight;
        state.segmentCount += 1;
        _state = state;
        emit NewBlocks(firstHeight, lastHeight, parent);
    }

    /// @inheritdoc IHotShot
    function rotateStakeTable(uint64 epoch, StakeTableEntry[] calldata entries, FinalityCertificate calldata cert)
        external
    {
        uint64 expected = stakeTableEpoch + 1;
        if (epoch != expected) revert UnexpectedEpoch(expected, epoch);
        bytes32 digest = Commitments.stakeTableRotationDigest(chainId, epoch, entries);
        _checkQuorum(_state, digest, cert);
        stakeTableEpoch = epoch;
        _setStakeTable(entries);
        emit StakeTableRotated(epoch, digest);
    }

    /// @inheritdoc IHotShot
    function blockHeight() external view returns (uint64) {
        return _state.blockHeight;
    }

    /// @inheritdoc IHotShot
    function commitments(uint64 height) external view returns (bytes32) {
        State memory state = _state;
        if (height > state.blockHeight) return bytes32(0);
        Segment memory segment = _segments[_findSegment(height, 0, state.segmentCount)];
        return _commitmentIn(segment.data, height - segment.firstHeight);
    }

    /// @inheritdoc IHotShot
    function commitmentsFrom(uint64 fromHeight, uint256 count, uint256 segmentHint)
        external
        view
        returns (bytes32[] memory result, uint256 lastSegment)
    {
        State memory state = _state;
        if (count == 0) return (result, segmentHint);
        // Checked before anything is allocated: `count` comes from the caller. A count past every height names
        // the highest height.
        if (count > uint256(state.blockHeight) + 1) revert HeightNotFinalized(type(uint64).max, state.blockHeight);
        uint256 last = uint256(fromHeight) + count - 1;
        if (last > state.blockHeight) revert HeightNotFinalized(uint64(last), state.blockHeight);
        result = new bytes32[](count);

        lastSegment = _findSegment(fromHeight, segmentHint, state.segmentCount);
        uint256 height = fromHeight;
        uint256 filled;
        while (true) {
            Segment memory segment = _segments[lastSegment];
            address data = segment.data;
            uint256 offset = height - segment.firstHeight;
            uint256 available;
            assembly ("memory-safe") {
                available := sub(shr(5, sub(extcodesize(data), 1)), offset)
            }
            uint256 take = available < count - filled ? available : count - filled;
            assembly ("memory-safe") {
                extcodecopy(data, add(add(result, 0x20), shl(5, filled)), add(1, shl(5, offset)), shl(5, take))
            }
            filled += take;
            if (filled == count) break;
            height += take;
            ++lastSegment;
        }
    }

    /// @inheritdoc IHotShot
    function stakeTable() external view returns (StakeTableEntry[] memory) {
        return StakeTables.read(_stakeTableChunks, _state.stakeTableSize);
    }

    /// @inheritdoc IHotShot
    function stakeTableSize() external view returns (uint256) {
        return _state.stakeTableSize;
    }

    /// @inheritdoc IHotShot
    function totalStake() external view returns (uint256) {
        return StakeTables.totalStake(_stakeTableChunks);
    }

    /// @inheritdoc IHotShot
    function quorumThreshold() external view returns (uint256) {
        return _state.quorumThreshold;
    }

    /// @dev Reverts unless `cert` carries a quorum's valid signature over the finality digest of `commitment`.
    function _checkCertificate(State memory state, uint64 height, bytes32 commitment, FinalityCertificate calldata cert)
        internal
        view
    {
        _checkQuorum(state, Commitments.finalityDigest(chainId, height, commitment), cert);
    }

    /// @dev Reverts unless `cert` carries a valid signature over `digest` by a quorum of the current table.
    function _checkQuorum(State memory state, bytes32 digest, FinalityCertificate calldata cert) internal view {
        (uint256 signed, BLS.G1Point memory key) =
            StakeTables.aggregate(_stakeTableChunks, state.stakeTableSize, cert.signers);
        if (signed < state.quorumThreshold) revert InsufficientStake(signed, state.quorumThreshold);
        if (!BlsSignatures.verify(key, digest, cert.signature)) revert InvalidSignature(digest);
    }

    function _setStakeTable(StakeTableEntry[] memory entries) internal {
        uint256 total = StakeTables.write(_stakeTableChunks, entries);
        uint256 threshold = (2 * total) / 3 + 1;
        _state.stakeTableSize = uint32(entries.length);
        _state.quorumThreshold = uint128(threshold);
        emit StakeTableUpdated(entries.length, total, threshold);
    }

    /// @dev The index of the segment holding `height` (which must be at most blockHeight): a galloping search up
    /// from `hint` when the hint is at or below it, so a caller that walks the chain in order reads two slots.
    function _findSegment(uint64 height, uint256 hint, uint256 segmentCount) internal view returns (uint256 low) {
        if (hint < segmentCount && _segments[hint].firstHeight <= height) low = hint;
        uint256 step = 1;
        uint256 high = low + 1;
        while (high < segmentCount && _segments[high].firstHeight <= height) {
            low = high;
            step <<= 1;
            high = low + step;
        }
        if (high > segmentCount) high = segmentCount;
        // Invariant: segment `low` starts at or below `height`; `high` is past the end or starts above it.
        while (high - low > 1) {
            uint256 middle = (low + high) / 2;
            if (_segments[middle].firstHeight <= height) low = middle;
            else high = middle;
        }
    }

    /// @dev The `index`-th commitment in the segment at `data`.
    function _commitmentIn(address data, uint256 index) internal view returns (bytes32 commitment) {
        assembly ("memory-safe") {
            extcodecopy(data, 0x00, add(1, shl(5, index)), 0x20)
            commitment := mload(0x00)
        }
    }
}
