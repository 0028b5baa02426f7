// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {MockVerifier} from "../../src/MockVerifier.sol";
import {ZkEvmRollup} from "../../src/ZkEvmRollup.sol";
import {HotShotFixture} from "../utils/HotShotFixture.sol";
import {LightClientHandler} from "./LightClientHandler.sol";

/// @notice Whatever sequence of calls is made: HotShot's heights only grow by one without gaps, a stored commitment
/// never changes, and the rollup never sequences past HotShot nor verifies past what it sequenced.
contract LightClientInvariantTest is StdInvariant, HotShotFixture {
    LightClientHandler internal handler;
    ZkEvmRollup internal rollup;

    function setUp() public {
        _deployEqual(4);
        rollup = new ZkEvmRollup(hotShot, new MockVerifier(true), 7, 1, bytes32(0));
        handler = new LightClientHandler(hotShot, rollup, secretKeys);
        targetContract(address(handler));
    }

    function invariant_HeightsGrowByOneWithoutGaps() public view {
        uint256 height = hotShot.blockHeight();
        assertEq(height, handler.ghostHeight());
        // Each accepted call moved HotShot's own height by exactly its headers, from where the last one left it.
        uint64 previous;
        for (uint256 i; i < handler.acceptedCalls(); ++i) {
            (uint64 before, uint64 afterwards, uint64 headers) = handler.steps(i);
            assertEq(before, previous);
            assertEq(afterwards, before + headers);
            previous = afterwards;
        }
        assertEq(previous, height);
        for (uint256 h; h <= height; ++h) {
            assertTrue(hotShot.commitments(uint64(h)) != bytes32(0));
        }
        assertEq(hotShot.commitments(uint64(height + 1)), bytes32(0));
    }

    function invariant_StoredCommitmentsNeverChange() public view {
        uint256 height = hotShot.blockHeight();
        (bytes32[] memory all,) = hotShot.commitmentsFrom(0, height + 1, 0);
        for (uint256 h; h <= height; ++h) {
            assertEq(hotShot.commitments(uint64(h)), handler.ghostCommitments(h));
            assertEq(all[h], handler.ghostCommitments(h));
        }
    }

    function invariant_OnlyCertifiedChainsAreStored() public view {
        assertEq(handler.wronglyAccepted(), 0);
    }

    function invariant_RollupNeverPassesHotShot() public view {
        assertLe(rollup.sequencedHeight(), hotShot.blockHeight());
        assertLe(rollup.verifiedHeight(), rollup.sequencedHeight());
    }
}
