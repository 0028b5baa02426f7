// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "../../src/interfaces/IHotShot.sol";
import {IZkEvmRollup} from "../../src/interfaces/IZkEvmRollup.sol";
import {MockVerifier} from "../../src/MockVerifier.sol";
import {ZkEvmRollup} from "../../src/ZkEvmRollup.sol";
import {HotShotFixture} from "./HotShotFixture.sol";
import {NamespacePayloads} from "./NamespacePayloads.sol";

/// @notice A rollup of namespace 7 over a HotShot light client, and a producer of certified blocks for it.
abstract contract RollupFixture is HotShotFixture {
    uint32 internal constant NAMESPACE = 7;
    /// @dev Namespaces of other rollups around ours in every table.
    uint32 internal constant BELOW = 3;
    uint32 internal constant ABOVE = 12;
    bytes32 internal constant GENESIS_STATE_ROOT = keccak256("genesis state");

    ZkEvmRollup internal rollup;
    MockVerifier internal verifier;

    function _deployRollup(bool verifierAccepts) internal {
        _deployEqual(4);
        verifier = new MockVerifier(verifierAccepts);
        rollup = new ZkEvmRollup(hotShot, verifier, NAMESPACE, 1, GENESIS_STATE_ROOT);
    }

    /// @dev The namespace table of a block holding `transactions` for our namespace (absent when `present` is
    /// false) between two other rollups' entries.
    function _table(bytes[] memory transactions, bool present)
        internal
        pure
        returns (IHotShot.NamespaceEntry[] memory table)
    {
        table = new IHotShot.NamespaceEntry[](present ? 3 : 2);
        table[0] = IHotShot.NamespaceEntry({namespace: BELOW, txCount: 1, payloadHash: keccak256("below")});
        if (present) {
            table[1] = IHotShot.NamespaceEntry({
                namespace: NAMESPACE,
                txCount: uint32(transactions.length),
                payloadHash: NamespacePayloads.hash(transactions)
            });
        }
        table[table.length - 1] =
            IHotShot.NamespaceEntry({namespace: ABOVE, txCount: 2, payloadHash: keccak256("above")});
    }

    /// @dev Certifies and stores one block per entry of `perBlock` in HotShot: our namespace holds those
    /// transactions, or is absent from the table when the entry is empty. Returns the phase I batches.
    function _produce(bytes[][] memory perBlock) internal returns (IZkEvmRollup.Batch[] memory batches) {
        uint256 count = perBlock.length;
        batches = new IZkEvmRollup.Batch[](count);
        bytes32[] memory payloads = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            batches[i].namespaceTable = _table(perBlock[i], perBlock[i].length != 0);
            batches[i].transactions = perBlock[i];
            payloads[i] = keccak256(abi.encode(batches[i].namespaceTable));
        }
        IHotShot.Header[] memory headers = _nextHeadersWith(payloads);
        for (uint256 i; i < count; ++i) {
            batches[i].header = headers[i];
        }
        _store(headers);
    }

    /// @dev `count` blocks of `transactionsPerBlock` transactions of `size` bytes each (0 transactions: absent).
    function _produceUniform(uint256 count, uint256 transactionsPerBlock, uint256 size)
        internal
        returns (IZkEvmRollup.Batch[] memory)
    {
        bytes[][] memory perBlock = new bytes[][](count);
        for (uint256 i; i < count; ++i) {
            perBlock[i] = new bytes[](transactionsPerBlock);
            for (uint256 j; j < transactionsPerBlock; ++j) {
                perBlock[i][j] = _payload(size, headHeight + i, j);
            }
        }
        return _produce(perBlock);
    }

    /// @dev Phase II's view of phase I batches.
    function _commitmentsOf(IZkEvmRollup.Batch[] memory batches)
        internal
        pure
        returns (IZkEvmRollup.BatchCommitment[] memory commitments)
    {
        commitments = new IZkEvmRollup.BatchCommitment[](batches.length);
        for (uint256 i; i < batches.length; ++i) {
            commitments[i] =
                IZkEvmRollup.BatchCommitment({header: batches[i].header, namespaceTable: batches[i].namespaceTable});
        }
    }

    /// @dev `size` nonzero pseudo-random bytes.
    function _payload(uint256 size, uint256 a, uint256 b) internal pure returns (bytes memory payload) {
        payload = new bytes(size);
        for (uint256 k; k < size; ++k) {
            payload[k] = bytes1(uint8(uint256(keccak256(abi.encode(a, b, k))) % 255 + 1));
        }
    }

    /// @dev The accumulator after `batches`, from `acc`.
    function _accumulate(bytes32 acc, IZkEvmRollup.Batch[] memory batches) internal pure returns (bytes32) {
        for (uint256 i; i < batches.length; ++i) {
            acc = keccak256(
                abi.encode(
                    acc,
                    batches[i].header.height,
                    keccak256(abi.encode(batches[i].header)),
                    NamespacePayloads.hash(batches[i].transactions)
                )
            );
        }
        return acc;
    }
}
