// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {CommitmentsHarness} from "./utils/CommitmentsHarness.sol";
import {NamespacePayloads} from "./utils/NamespacePayloads.sol";

/// @notice The encodings of DESIGN.md section 3, checked against their byte layouts written out by hand.
contract CommitmentsEncodingTest is Test {
    CommitmentsHarness internal harness = new CommitmentsHarness();

    function test_EmptyPayloadCommitmentIsTheEmptyTable() public pure {
        assertEq(Commitments.EMPTY_PAYLOAD_COMMITMENT, keccak256(abi.encode(new IHotShot.NamespaceEntry[](0))));
    }

    function test_EmptyNamespacePayloadIsACountOfZero() public view {
        assertEq(harness.namespacePayloadHash(new bytes[](0)), Commitments.EMPTY_NAMESPACE_PAYLOAD_HASH);
        assertEq(Commitments.EMPTY_NAMESPACE_PAYLOAD_HASH, keccak256(hex"00000000"));
    }

    function test_FinalityTagIsTheProtocolTag() public pure {
        // DomainTag.finality in libs/protocol/src/commitments/digests.ts.
        assertEq(Commitments.FINALITY_TAG, 0x1f134ba7ce0f360fe75e09993f3da401a10f88b9d6810e6648adba90b2ab1cac);
    }

    function test_GenesisCommitmentMatchesProtocol() public pure {
        // headerCommitment(genesisHeader(999n)) and finalityDigest(999n, 1, it) from libs/protocol.
        bytes32 genesis = Commitments.headerCommitmentOf(Commitments.genesisHeader(999));
        assertEq(genesis, 0xabaa9ded838a3b612dc0eba5172f68ded5105690e31ec8a1e9141c84a1d6d40c);
        assertEq(
            Commitments.finalityDigest(999, 1, genesis),
            0x33ca76ed8ea9004d5654d2f82ef1dec872f28a7abb3a93552ea467cc7316bcf4
        );
    }

    function test_NamespacePayloadOfTwoTransactions() public view {
        bytes[] memory transactions = new bytes[](2);
        transactions[0] = hex"aabb";
        transactions[1] = hex"cc";
        assertEq(harness.namespacePayloadHash(transactions), keccak256(hex"000000020000000200000001aabbcc"));
    }

    function testFuzz_NamespacePayloadMatchesReference(bytes[] memory transactions) public view {
        assertEq(harness.namespacePayloadHash(transactions), NamespacePayloads.hash(transactions));
    }

    function testFuzz_NamespacePayloadLeavesMemoryIntact(bytes[] calldata transactions, bytes32 marker) external view {
        bytes32[] memory before = new bytes32[](1);
        before[0] = marker;
        this.namespacePayloadHashOf(transactions);
        assertEq(before[0], marker);
        bytes32 direct = Commitments.namespacePayloadHash(transactions);
        assertEq(before[0], marker);
        assertEq(direct, NamespacePayloads.hash(transactions));
    }

    function namespacePayloadHashOf(bytes[] calldata transactions) external pure returns (bytes32) {
        return Commitments.namespacePayloadHash(transactions);
    }

    function testFuzz_HeaderCommitmentIsSevenWords(IHotShot.Header memory header) public view {
        bytes memory words = bytes.concat(
            bytes32(uint256(header.chainId)),
            bytes32(uint256(header.height)),
            bytes32(uint256(header.timestamp)),
            bytes32(uint256(header.l1Head)),
            header.parentCommitment,
            header.payloadCommitment,
            bytes32(uint256(header.payloadSize))
        );
        assertEq(harness.headerCommitment(header), keccak256(words));
        assertEq(Commitments.headerCommitmentOf(header), keccak256(words));
    }

    function testFuzz_PayloadCommitmentIsTheDynamicArray(IHotShot.NamespaceEntry[] memory table) public view {
        bytes memory words = bytes.concat(bytes32(uint256(0x20)), bytes32(table.length));
        for (uint256 i; i < table.length; ++i) {
            words = bytes.concat(
                words, bytes32(uint256(table[i].namespace)), bytes32(uint256(table[i].txCount)), table[i].payloadHash
            );
        }
        assertEq(harness.payloadCommitment(table), keccak256(words));
    }

    function testFuzz_FinalityDigestLayout(uint64 chainId, uint64 height, bytes32 commitment) public pure {
        bytes memory words = bytes.concat(
            keccak256("hotshot.finality"), bytes32(uint256(chainId)), bytes32(uint256(height)), commitment
        );
        assertEq(Commitments.finalityDigest(chainId, height, commitment), keccak256(words));
    }

    function testFuzz_TransactionHashIsNamespaceThenPayload(uint32 namespace, bytes memory payload) public view {
        assertEq(harness.transactionHash(namespace, payload), keccak256(bytes.concat(bytes4(namespace), payload)));
    }
}
