// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice The namespace payload built the slow, obvious way: the reference the contracts' encoder is tested against.
library NamespacePayloads {
    /// @notice uint32 count, count x uint32 length, then the bytes, big-endian.
    function encode(bytes[] memory transactions) internal pure returns (bytes memory payload) {
        payload = abi.encodePacked(uint32(transactions.length));
        for (uint256 i; i < transactions.length; ++i) {
            payload = bytes.concat(payload, bytes4(uint32(transactions[i].length)));
        }
        for (uint256 i; i < transactions.length; ++i) {
            payload = bytes.concat(payload, transactions[i]);
        }
    }

    /// @notice keccak256 of the encoding.
    function hash(bytes[] memory transactions) internal pure returns (bytes32) {
        return keccak256(encode(transactions));
    }
}
