// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {HotShot} from "../../src/HotShot.sol";
import {IHotShot} from "../../src/interfaces/IHotShot.sol";
import {IZkEvmRollup} from "../../src/interfaces/IZkEvmRollup.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";
import {ZkEvmRollup} from "../../src/ZkEvmRollup.sol";
import {BlsTestKeys} from "../utils/BlsTestKeys.sol";
import {NamespacePayloads} from "../utils/NamespacePayloads.sol";

/// @notice Drives HotShot and a rollup with random valid and invalid calls, and remembers what was stored.
contract LightClientHandler is CommonBase, StdUtils {
    uint32 internal constant NAMESPACE = 7;

    HotShot public immutable hotShot;
    ZkEvmRollup public immutable rollup;
    uint256[] internal secretKeys;

    /// @notice Every commitment HotShot accepted, by height (0 is genesis).
    bytes32[] public ghostCommitments;

    /// @notice HotShot's height before and after each accepted `newBlocks`, and how many headers it carried.
    struct Step {
        uint64 before;
        uint64 afterwards;
        uint64 headers;
    }

    Step[] public steps;
    /// @notice Calls HotShot accepted that it should have refused (kept, not reverted, so invariants see them:
    /// a reverting handler call is discarded with its state).
    uint256 public wronglyAccepted;
    /// @dev What the rollup needs per height.
    mapping(uint256 height => IHotShot.Header) internal _headers;
    mapping(uint256 height => IHotShot.NamespaceEntry[]) internal _tables;
    mapping(uint256 height => bytes[]) internal _transactions;
    /// @dev Heights where a sequencing call ended, past the verified one.
    uint64[] internal _boundaries;

    constructor(HotShot hotShot_, ZkEvmRollup rollup_, uint256[] memory secretKeys_) {
        hotShot = hotShot_;
        rollup = rollup_;
        secretKeys = secretKeys_;
        ghostCommitments.push(hotShot_.commitments(0));
    }

    /// @notice Certifies 1-6 new blocks with a random signer set; stored only when the set is a quorum.
    function newBlocks(uint256 countSeed, uint256 signerSeed) external {
        uint256 count = bound(countSeed, 1, 6);
        uint64 before = hotShot.blockHeight();
        uint64 first = uint64(ghostCommitments.length);
        IHotShot.Header[] memory headers = new IHotShot.Header[](count);
        bytes32 parent = ghostCommitments[first - 1];
        for (uint256 i; i < count; ++i) {
            uint256 height = first + i;
            uint256 r = uint256(keccak256(abi.encode(countSeed, height)));
            delete _tables[height];
            delete _transactions[height];
            // Our namespace is present in about two blocks out of three, with 1-3 transactions.
            if (r % 3 != 0) {
                for (uint256 j; j < 1 + (r >> 8) % 3; ++j) {
                    _transactions[height].push(abi.encodePacked(keccak256(abi.encode(r, j))));
                }
                _tables[height].push(
                    IHotShot.NamespaceEntry(
                        NAMESPACE, uint32(_transactions[height].length), NamespacePayloads.hash(_transactions[height])
                    )
                );
            }
            _tables[height].push(IHotShot.NamespaceEntry(NAMESPACE + 1, 1, bytes32(r)));
            headers[i] = IHotShot.Header({
                chainId: hotShot.chainId(),
                height: uint64(height),
                timestamp: uint64(height * 1000),
                l1Head: uint64(height),
                parentCommitment: parent,
                payloadCommitment: keccak256(abi.encode(_tables[height])),
                payloadSize: 0
            });
            parent = Commitments.headerCommitmentOf(headers[i]);
        }
        // Three calls in four carry a quorum (everyone, or everyone but one); the rest a random set.
        uint256 all = (1 << secretKeys.length) - 1;
        uint256 mask = signerSeed % 4 == 0
            ? bound(signerSeed >> 2, 0, all)
            : (signerSeed % 2 == 0 ? all : all ^ (1 << ((signerSeed >> 2) % secretKeys.length)));
        (IHotShot.FinalityCertificate memory cert, uint256 signed) = _certify(headers[count - 1], mask);
        hotShot.newBlocks(headers, cert);
        // A quorum is 3 of 4 equal stakes.
        if (signed < 3) ++wronglyAccepted;
        steps.push(Step(before, hotShot.blockHeight(), uint64(count)));
        for (uint256 i; i < count; ++i) {
            _headers[first + i] = headers[i];
            ghostCommitments.push(Commitments.headerCommitmentOf(headers[i]));
        }
    }

    /// @notice Tries to store a header at a random height offset, on the honest parent or a random one, with a full
    /// certificate: it must be stored only when it continues the chain at the next height.
    function forgeBlock(bytes32 randomParent, bool honestParent, uint64 heightOffset) external {
        uint64 before = hotShot.blockHeight();
        uint64 height = uint64(ghostCommitments.length) + uint64(bound(heightOffset, 0, 2));
        bytes32 parent = honestParent ? ghostCommitments[ghostCommitments.length - 1] : randomParent;
        IHotShot.Header[] memory headers = new IHotShot.Header[](1);
        headers[0] = IHotShot.Header(hotShot.chainId(), height, 0, 0, parent, Commitments.EMPTY_PAYLOAD_COMMITMENT, 0);
        (IHotShot.FinalityCertificate memory cert,) = _certify(headers[0], (1 << secretKeys.length) - 1);
        hotShot.newBlocks(headers, cert);
        if (height != ghostCommitments.length || parent != ghostCommitments[height - 1]) ++wronglyAccepted;
        _headers[height] = headers[0];
        delete _tables[height];
        delete _transactions[height];
        steps.push(Step(before, hotShot.blockHeight(), 1));
        ghostCommitments.push(Commitments.headerCommitmentOf(headers[0]));
    }

    /// @notice Sequences the next 1-8 heights in phase I or II (past HotShot's height it must revert).
    function sequence(uint256 countSeed, bool commitmentsOnly) external {
        uint64 from = rollup.sequencedHeight() + 1;
        // Within what HotShot holds; with nothing new, one height past it, which must revert.
        uint256 available = ghostCommitments.length - from;
        uint256 count = available == 0 ? 1 : bound(countSeed, 1, available < 8 ? available : 8);
        if (commitmentsOnly) {
            IZkEvmRollup.BatchCommitment[] memory batches = new IZkEvmRollup.BatchCommitment[](count);
            for (uint256 i; i < count; ++i) {
                batches[i] = IZkEvmRollup.BatchCommitment(_headers[from + i], _tables[from + i]);
            }
            rollup.sequenceBatchCommitments(batches);
        } else {
            IZkEvmRollup.Batch[] memory batches = new IZkEvmRollup.Batch[](count);
            for (uint256 i; i < count; ++i) {
                batches[i] = IZkEvmRollup.Batch(_headers[from + i], _tables[from + i], _transactions[from + i]);
            }
            rollup.sequenceBatches(batches);
        }
        _boundaries.push(from + uint64(count) - 1);
    }

    /// @notice Verifies up to a sequence boundary, mostly one not verified yet.
    function verify(uint256 which, bytes32 stateRoot) external {
        if (_boundaries.length == 0) return;
        uint64 upTo = _boundaries[bound(which, 0, _boundaries.length - 1)];
        rollup.verifyBatches(upTo, stateRoot, "");
        // Boundaries at or below the verified height can never verify again.
        uint256 kept;
        for (uint256 i; i < _boundaries.length; ++i) {
            if (_boundaries[i] > upTo) _boundaries[kept++] = _boundaries[i];
        }
        while (_boundaries.length > kept) _boundaries.pop();
    }

    /// @notice How many `newBlocks` calls were accepted.
    function acceptedCalls() external view returns (uint256) {
        return steps.length;
    }

    /// @notice Heights HotShot holds according to the handler.
    function ghostHeight() external view returns (uint256) {
        return ghostCommitments.length - 1;
    }

    function _certify(IHotShot.Header memory last, uint256 mask)
        internal
        view
        returns (IHotShot.FinalityCertificate memory cert, uint256 signed)
    {
        uint256 sum;
        for (uint256 i; i < secretKeys.length; ++i) {
            if (mask & (1 << i) != 0) {
                sum = addmod(sum, secretKeys[i], BlsTestKeys.R);
                ++signed;
            }
        }
        bytes32 digest = Commitments.finalityDigest(last.chainId, last.height, Commitments.headerCommitmentOf(last));
        cert = IHotShot.FinalityCertificate({
            signers: abi.encodePacked(uint8(mask)), signature: BlsTestKeys.sign(sum, digest)
        });
    }
}
