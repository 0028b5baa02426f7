// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "../interfaces/IHotShot.sol";

/// @title Commitments
/// @notice The encodings and hashes of DESIGN.md section 3, as libs/protocol computes them.
library Commitments {
    /// @notice keccak256("hotshot.finality"): the domain tag of finality digests.
    bytes32 internal constant FINALITY_TAG = keccak256("hotshot.finality");

    /// @notice keccak256("hotshot.stake-table-rotation"): the domain tag of stake table hand-overs.
    bytes32 internal constant STAKE_TABLE_ROTATION_TAG = keccak256("hotshot.stake-table-rotation");

    /// @notice keccak256(abi.encode(new NamespaceEntry[](0))): the payload commitment of an empty block.
    bytes32 internal constant EMPTY_PAYLOAD_COMMITMENT =
        0x569e75fc77c1a856f6daaf9e69d8a9566ca34aa47f9133711ce065a571af0cfd;

    /// @notice keccak256 of the namespace payload with no transactions (uint32 count 0).
    bytes32 internal constant EMPTY_NAMESPACE_PAYLOAD_HASH = keccak256(hex"00000000");

    /// @notice What the outgoing validators sign to hand over to the table of `epoch`:
    /// keccak256(abi.encode(STAKE_TABLE_ROTATION_TAG, chainId, epoch, keccak256(abi.encode(entries)))).
    function stakeTableRotationDigest(uint64 chainId, uint64 epoch, IHotShot.StakeTableEntry[] memory entries)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(STAKE_TABLE_ROTATION_TAG, chainId, epoch, keccak256(abi.encode(entries))));
    }

    /// @notice keccak256(abi.encode(header)).
    function headerCommitment(IHotShot.Header calldata header) internal pure returns (bytes32) {
        return keccak256(abi.encode(header));
    }

    /// @notice keccak256(abi.encode(header)) of a header in memory.
    function headerCommitmentOf(IHotShot.Header memory header) internal pure returns (bytes32) {
        return keccak256(abi.encode(header));
    }

    /// @notice keccak256(abi.encode(namespaceTable)): a header's payload commitment.
    function payloadCommitment(IHotShot.NamespaceEntry[] calldata namespaceTable) internal pure returns (bytes32) {
        return keccak256(abi.encode(namespaceTable));
    }

    /// @notice What every node signs on deciding a header: keccak256(abi.encode(FINALITY_TAG, chainId, height,
    /// headerCommitment)).
    function finalityDigest(uint64 chainId, uint64 height, bytes32 commitment) internal pure returns (bytes32) {
        return keccak256(abi.encode(FINALITY_TAG, chainId, height, commitment));
    }

    /// @notice keccak256(abi.encodePacked(uint32 namespace, payload)): a transaction's hash.
    function transactionHash(uint32 namespace, bytes calldata payload) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(namespace, payload));
    }

    /// @notice The header at height 0 of network `chainId`, fixed by the chain id alone.
    function genesisHeader(uint64 chainId) internal pure returns (IHotShot.Header memory) {
        return IHotShot.Header({
            chainId: chainId,
            height: 0,
            timestamp: 0,
            l1Head: 0,
            parentCommitment: bytes32(0),
            payloadCommitment: EMPTY_PAYLOAD_COMMITMENT,
            payloadSize: 0
        });
    }

    /// @notice keccak256 of the namespace payload of `transactions`: uint32 count, count x uint32 length, then the
    /// bytes, big-endian. Built in scratch memory past the free pointer and hashed in place.
    function namespacePayloadHash(bytes[] calldata transactions) internal pure returns (bytes32 result) {
        uint256 count = transactions.length;
        uint256 start;
        assembly ("memory-safe") {
            start := mload(0x40)
            mstore(start, shl(224, count))
        }
        // Lengths first, then the bytes: each 32-byte mstore of a length spills past its 4 bytes.
        uint256 cursor = start + 4;
        for (uint256 i; i < count; ++i) {
            uint256 length = transactions[i].length;
            assembly ("memory-safe") {
                // A calldata item cannot reach 2^32 bytes, so the length always fits its uint32 field.
                mstore(cursor, shl(224, length))
            }
            cursor += 4;
        }
        for (uint256 i; i < count; ++i) {
            bytes calldata transaction = transactions[i];
            assembly ("memory-safe") {
                calldatacopy(cursor, transaction.offset, transaction.length)
                cursor := add(cursor, transaction.length)
            }
        }
        assembly ("memory-safe") {
            result := keccak256(start, sub(cursor, start))
        }
    }
}
