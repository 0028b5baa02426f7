// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "../../src/interfaces/IHotShot.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";

/// @notice The Commitments library behind external functions, so its calldata forms can be called from tests.
contract CommitmentsHarness {
    function headerCommitment(IHotShot.Header calldata header) external pure returns (bytes32) {
        return Commitments.headerCommitment(header);
    }

    function payloadCommitment(IHotShot.NamespaceEntry[] calldata table) external pure returns (bytes32) {
        return Commitments.payloadCommitment(table);
    }

    function namespacePayloadHash(bytes[] calldata transactions) external pure returns (bytes32) {
        return Commitments.namespacePayloadHash(transactions);
    }

    function transactionHash(uint32 namespace, bytes calldata payload) external pure returns (bytes32) {
        return Commitments.transactionHash(namespace, payload);
    }
}
