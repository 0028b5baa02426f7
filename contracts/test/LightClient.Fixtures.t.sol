// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HotShot} from "../src/HotShot.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {IZkEvmRollup} from "../src/interfaces/IZkEvmRollup.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {MockVerifier} from "../src/MockVerifier.sol";
import {ZkEvmRollup} from "../src/ZkEvmRollup.sol";
import {NamespacePayloads} from "./utils/NamespacePayloads.sol";

/// @notice The contracts against the TypeScript fixtures (test/fixtures/protocol-vectors.json, `npm run fixtures`):
/// real headers, namespace tables and transactions from libs/protocol, a real BLS certificate from libs/crypto.
/// Accepted as made; refused once tampered with.
contract LightClientFixturesTest is Test {
    /// @dev The rollup namespace the fixtures give data at heights 1 and 3 and leave absent at height 2.
    uint32 internal constant NAMESPACE = 42;

    string internal json;
    HotShot internal hotShot;
    uint64 internal chainId;
    /// @dev Headers 1..3 (genesis is the contract's own).
    IHotShot.Header[] internal headers;
    IHotShot.FinalityCertificate internal cert;

    function setUp() public {
        json = vm.readFile("test/fixtures/protocol-vectors.json");
        chainId = uint64(vm.parseJsonUint(json, ".chainId"));
        uint256 size = _count(".finality.stakeTable");
        IHotShot.StakeTableEntry[] memory entries = new IHotShot.StakeTableEntry[](size);
        for (uint256 i; i < size; ++i) {
            string memory entry = _at(".finality.stakeTable", i);
            entries[i] = IHotShot.StakeTableEntry({
                publicKey: abi.decode(vm.parseJsonBytes(json, string.concat(entry, ".publicKeyG1")), (BLS.G1Point)),
                stake: vm.parseJsonUint(json, string.concat(entry, ".stake"))
            });
        }
        hotShot = new HotShot(chainId, entries);
        for (uint256 i = 1; i < _count(".headers"); ++i) {
            headers.push(_header(i));
        }
        cert.signers = vm.parseJsonBytes(json, ".finality.signers");
        cert.signature = abi.decode(vm.parseJsonBytes(json, ".finality.signatureG2"), (BLS.G2Point));
    }

    function test_GenesisIsTheFixtureGenesis() public view {
        assertEq(hotShot.commitments(0), vm.parseJsonBytes32(json, ".headers[0].commitment"));
    }

    function test_AcceptsTheRealCertificate() public {
        uint64 last = uint64(vm.parseJsonUint(json, ".finality.height"));
        assertEq(last, headers[headers.length - 1].height);
        bytes32 lastCommitment = vm.parseJsonBytes32(json, ".finality.headerCommitment");
        // The digest the contract signs over is the one TypeScript signed.
        assertEq(
            Commitments.finalityDigest(chainId, last, lastCommitment), vm.parseJsonBytes32(json, ".finality.digest")
        );
        vm.expectEmit(address(hotShot));
        emit IHotShot.NewBlocks(1, last, lastCommitment);
        hotShot.newBlocks(headers, cert);
        assertEq(hotShot.blockHeight(), last);
        for (uint256 i = 1; i <= last; ++i) {
            assertEq(
                hotShot.commitments(uint64(i)),
                vm.parseJsonBytes32(json, string.concat(_at(".headers", i), ".commitment"))
            );
        }
    }

    function test_RevertWhen_SignerBitWrong() public {
        // One signer's bit moved to a member who did not sign, keeping a quorum of stake: the keys no longer match.
        (uint256[] memory stakes, bool[] memory signed, uint256 signedStake, uint256 threshold) = _signerStakes();
        for (uint256 out; out < stakes.length; ++out) {
            if (!signed[out]) continue;
            for (uint256 into; into < stakes.length; ++into) {
                if (signed[into] || signedStake - stakes[out] + stakes[into] < threshold) continue;
                _flip(out);
                _flip(into);
                vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digest()));
                hotShot.newBlocks(headers, cert);
                return;
            }
        }
        revert("the fixture has no swap that keeps a quorum");
    }

    function test_RevertWhen_OneSignatureShortOfQuorum() public {
        // Signers dropped, last index first, until one more drop takes the stake under the threshold.
        (uint256[] memory stakes, bool[] memory signed, uint256 signedStake, uint256 threshold) = _signerStakes();
        assertGe(signedStake, threshold);
        for (uint256 i = stakes.length; i > 0 && signedStake >= threshold; --i) {
            if (!signed[i - 1]) continue;
            _flip(i - 1);
            signedStake -= stakes[i - 1];
        }
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, signedStake, threshold));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_HeaderOutOfChain() public {
        bytes32 honest = headers[1].parentCommitment;
        headers[1].parentCommitment = headers[0].parentCommitment;
        vm.expectRevert(
            abi.encodeWithSelector(IHotShot.ParentCommitmentMismatch.selector, 2, honest, headers[1].parentCommitment)
        );
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_LastHeaderTampered() public {
        headers[2].l1Head += 1;
        bytes32 tampered = Commitments.finalityDigest(chainId, 3, Commitments.headerCommitmentOf(headers[2]));
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, tampered));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_CertificateForAnotherHeight() public {
        headers.pop();
        bytes32 digest = Commitments.finalityDigest(chainId, 2, Commitments.headerCommitmentOf(headers[1]));
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, digest));
        hotShot.newBlocks(headers, cert);
    }

    function test_RollupSequencesTheRealBlocksInBothPhases() public {
        hotShot.newBlocks(headers, cert);
        IZkEvmRollup.Batch[] memory batches = _batches();
        assertEq(batches[0].transactions.length, 1);
        assertEq(batches[1].transactions.length, 0, "namespace 42 is absent at height 2");
        assertGt(batches[2].transactions.length, 0);

        ZkEvmRollup phase1 = new ZkEvmRollup(hotShot, new MockVerifier(true), NAMESPACE, 1, bytes32(0));
        phase1.sequenceBatches(batches);
        ZkEvmRollup phase2 = new ZkEvmRollup(hotShot, new MockVerifier(true), NAMESPACE, 1, bytes32(0));
        IZkEvmRollup.BatchCommitment[] memory commitments = new IZkEvmRollup.BatchCommitment[](batches.length);
        for (uint256 i; i < batches.length; ++i) {
            commitments[i] = IZkEvmRollup.BatchCommitment(batches[i].header, batches[i].namespaceTable);
        }
        phase2.sequenceBatchCommitments(commitments);
        assertEq(phase1.sequencedHeight(), 3);
        assertEq(phase1.accInputHashes(3), phase2.accInputHashes(3));
    }

    function test_RevertWhen_RollupGetsAnotherBlocksTable() public {
        hotShot.newBlocks(headers, cert);
        IZkEvmRollup.Batch[] memory batches = _batches();
        batches[0].namespaceTable = batches[2].namespaceTable;
        ZkEvmRollup rollup = new ZkEvmRollup(hotShot, new MockVerifier(true), NAMESPACE, 1, bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.PayloadCommitmentMismatch.selector,
                1,
                headers[0].payloadCommitment,
                headers[2].payloadCommitment
            )
        );
        rollup.sequenceBatches(batches);
    }

    function test_RevertWhen_RollupDataDoesNotHashToTheTable() public {
        hotShot.newBlocks(headers, cert);
        IZkEvmRollup.Batch[] memory batches = _batches();
        bytes32 expected;
        for (uint256 k; k < batches[2].namespaceTable.length; ++k) {
            if (batches[2].namespaceTable[k].namespace == NAMESPACE) {
                expected = batches[2].namespaceTable[k].payloadHash;
            }
        }
        batches[2].transactions[0] = bytes.concat(batches[2].transactions[0], hex"00");
        ZkEvmRollup rollup = new ZkEvmRollup(hotShot, new MockVerifier(true), NAMESPACE, 1, bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IZkEvmRollup.PayloadHashMismatch.selector, 3, expected, NamespacePayloads.hash(batches[2].transactions)
            )
        );
        rollup.sequenceBatches(batches);
    }

    /// @dev The fixture blocks 1..3 as phase I batches of namespace 42: each header with the table that matches its
    /// payload commitment and, when the table lists namespace 42, the transactions whose payload hash it lists.
    function _batches() internal view returns (IZkEvmRollup.Batch[] memory batches) {
        batches = new IZkEvmRollup.Batch[](headers.length);
        for (uint256 i; i < headers.length; ++i) {
            batches[i].header = headers[i];
            batches[i].namespaceTable = _tableFor(headers[i].payloadCommitment);
            for (uint256 j; j < batches[i].namespaceTable.length; ++j) {
                if (batches[i].namespaceTable[j].namespace == NAMESPACE) {
                    batches[i].transactions = _transactionsFor(batches[i].namespaceTable[j].payloadHash);
                }
            }
        }
    }

    function _tableFor(bytes32 commitment) internal view returns (IHotShot.NamespaceEntry[] memory table) {
        for (uint256 t; t < _count(".namespaceTables"); ++t) {
            string memory item = _at(".namespaceTables", t);
            if (vm.parseJsonBytes32(json, string.concat(item, ".commitment")) != commitment) continue;
            string memory entries = string.concat(item, ".entries");
            table = new IHotShot.NamespaceEntry[](_count(entries));
            for (uint256 k; k < table.length; ++k) {
                string memory entry = _at(entries, k);
                table[k] = IHotShot.NamespaceEntry({
                    namespace: uint32(vm.parseJsonUint(json, string.concat(entry, ".namespace"))),
                    txCount: uint32(vm.parseJsonUint(json, string.concat(entry, ".txCount"))),
                    payloadHash: vm.parseJsonBytes32(json, string.concat(entry, ".payloadHash"))
                });
            }
            return table;
        }
        revert("no fixture table has this commitment");
    }

    function _transactionsFor(bytes32 payloadHash) internal view returns (bytes[] memory) {
        for (uint256 p; p < _count(".namespacePayloads"); ++p) {
            string memory item = _at(".namespacePayloads", p);
            if (vm.parseJsonBytes32(json, string.concat(item, ".hash")) == payloadHash) {
                return vm.parseJsonBytesArray(json, string.concat(item, ".transactions"));
            }
        }
        revert("no fixture payload has this hash");
    }

    function _header(uint256 i) internal view returns (IHotShot.Header memory) {
        string memory item = _at(".headers", i);
        return IHotShot.Header({
            chainId: uint64(vm.parseJsonUint(json, string.concat(item, ".chainId"))),
            height: uint64(vm.parseJsonUint(json, string.concat(item, ".height"))),
            timestamp: uint64(vm.parseJsonUint(json, string.concat(item, ".timestamp"))),
            l1Head: uint64(vm.parseJsonUint(json, string.concat(item, ".l1Head"))),
            parentCommitment: vm.parseJsonBytes32(json, string.concat(item, ".parentCommitment")),
            payloadCommitment: vm.parseJsonBytes32(json, string.concat(item, ".payloadCommitment")),
            payloadSize: uint32(vm.parseJsonUint(json, string.concat(item, ".payloadSize")))
        });
    }

    /// @dev Each member's stake, whether it signed, the signed stake, and the quorum threshold, from the fixture.
    function _signerStakes()
        internal
        view
        returns (uint256[] memory stakes, bool[] memory signed, uint256 signedStake, uint256 threshold)
    {
        IHotShot.StakeTableEntry[] memory table = hotShot.stakeTable();
        stakes = new uint256[](table.length);
        signed = new bool[](table.length);
        for (uint256 i; i < table.length; ++i) {
            stakes[i] = table[i].stake;
        }
        uint256[] memory indices = vm.parseJsonUintArray(json, ".finality.signerIndices");
        for (uint256 i; i < indices.length; ++i) {
            signed[indices[i]] = true;
            signedStake += stakes[indices[i]];
        }
        threshold = hotShot.quorumThreshold();
        assertEq(threshold, (2 * hotShot.totalStake()) / 3 + 1);
    }

    /// @dev Flips member `index`'s bit in the certificate's signer bitmap.
    function _flip(uint256 index) internal {
        cert.signers[index / 8] = cert.signers[index / 8] ^ bytes1(uint8(1 << (index % 8)));
    }

    function _digest() internal view returns (bytes32) {
        return vm.parseJsonBytes32(json, ".finality.digest");
    }

    function _count(string memory path) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, _at(path, n))) ++n;
    }

    function _at(string memory path, uint256 i) internal pure returns (string memory) {
        return string.concat(path, "[", vm.toString(i), "]");
    }
}
