// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {HotShotFixture} from "./utils/HotShotFixture.sol";

/// @notice Reading stored commitments back, across the code segments that `newBlocks` calls write.
contract HotShotCommitmentsTest is HotShotFixture {
    /// @dev Every commitment the test stored, by height (0 is genesis).
    bytes32[] internal stored;

    function setUp() public {
        _deployEqual(4);
        stored.push(headCommitment);
    }

    function test_CommitmentAboveHeightIsZero() public {
        _storeRecorded(3);
        assertEq(hotShot.commitments(4), bytes32(0));
        assertEq(hotShot.commitments(type(uint64).max), bytes32(0));
    }

    function test_CommitmentsFromSpansSegments() public {
        _storeRecorded(3);
        _storeRecorded(1);
        _storeRecorded(4);
        (bytes32[] memory result, uint256 segment) = hotShot.commitmentsFrom(0, 9, 0);
        assertEq(result.length, 9);
        for (uint256 i; i < 9; ++i) {
            assertEq(result[i], stored[i]);
        }
        // Height 8 sits in the fourth segment (genesis, 1-3, 4, 5-8).
        assertEq(segment, 3);
    }

    function test_CommitmentsFromReturnsTheSegmentOfItsLastHeight() public {
        _storeRecorded(3);
        _storeRecorded(3);
        (bytes32[] memory result, uint256 segment) = hotShot.commitmentsFrom(2, 2, 1);
        assertEq(result[0], stored[2]);
        assertEq(result[1], stored[3]);
        assertEq(segment, 1);
        (result, segment) = hotShot.commitmentsFrom(4, 1, segment);
        assertEq(result[0], stored[4]);
        assertEq(segment, 2);
    }

    function test_CommitmentsFromNothing() public view {
        (bytes32[] memory result, uint256 segment) = hotShot.commitmentsFrom(5, 0, 7);
        assertEq(result.length, 0);
        assertEq(segment, 7);
    }

    function test_RevertWhen_CommitmentsFromPastHeight() public {
        _storeRecorded(2);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.HeightNotFinalized.selector, 3, 2));
        hotShot.commitmentsFrom(2, 2, 0);
    }

    function test_RevertWhen_CommitmentsFromOverflows() public {
        vm.expectRevert(abi.encodeWithSelector(IHotShot.HeightNotFinalized.selector, type(uint64).max, 0));
        hotShot.commitmentsFrom(type(uint64).max, 1, 0);
    }

    function test_RevertWhen_CommitmentsFromCountsPastEveryHeight() public {
        _storeRecorded(2);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.HeightNotFinalized.selector, type(uint64).max, 2));
        hotShot.commitmentsFrom(0, type(uint256).max, 0);
    }

    function testFuzz_LookupsAgreeWhateverTheHint(uint256 shape, uint256 from, uint256 count, uint256 hint) public {
        // Up to five segments of 1-8 headers each.
        uint256 segments = bound(shape, 1, 5);
        for (uint256 i; i < segments; ++i) {
            _storeRecorded((uint256(keccak256(abi.encode(shape, i))) % 8) + 1);
        }
        uint256 height = hotShot.blockHeight();
        from = bound(from, 0, height);
        count = bound(count, 1, height - from + 1);
        hint = bound(hint, 0, segments + 2);
        (bytes32[] memory result,) = hotShot.commitmentsFrom(uint64(from), count, hint);
        for (uint256 i; i < count; ++i) {
            assertEq(result[i], stored[from + i]);
            assertEq(hotShot.commitments(uint64(from + i)), stored[from + i]);
        }
    }

    /// @dev Stores `count` headers and records their commitments.
    function _storeRecorded(uint256 count) internal {
        IHotShot.Header[] memory headers = _nextHeaders(count);
        _store(headers);
        for (uint256 i; i < count; ++i) {
            stored.push(Commitments.headerCommitmentOf(headers[i]));
        }
    }
}
