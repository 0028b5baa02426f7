// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {IStakeTable} from "../src/interfaces/IStakeTable.sol";
import {StakeTableFixture} from "./utils/StakeTableFixture.sol";

/// @notice What nodes read to compute a table at an L1 block: the active validators in pages, and the total stake.
contract StakeTableViewsTest is StakeTableFixture {
    bytes32[] internal keyHashes;

    function setUp() public override {
        super.setUp();
        for (uint256 i; i < 5; ++i) {
            keyHashes.push(_register(i % 2 == 0 ? alice : bob, i, MIN_STAKE * (i + 1)));
        }
    }

    function test_PagesListEveryActiveValidatorInRegistrationOrder() public view {
        (IStakeTable.ActiveValidator[] memory first, uint256 count) = stakeTable.activeValidators(0, 2);
        (IStakeTable.ActiveValidator[] memory second,) = stakeTable.activeValidators(2, 2);
        (IStakeTable.ActiveValidator[] memory last,) = stakeTable.activeValidators(4, 2);
        assertEq(count, 5);
        assertEq(first.length, 2);
        assertEq(second.length, 2);
        assertEq(last.length, 1);
        for (uint256 i; i < 5; ++i) {
            IStakeTable.ActiveValidator memory v = i < 2 ? first[i] : i < 4 ? second[i - 2] : last[0];
            (, BLS.G1Point memory pk) = _key(i);
            assertEq(keccak256(abi.encode(v.publicKey)), keccak256(abi.encode(pk)));
            assertEq(v.stake, MIN_STAKE * (i + 1));
        }
        assertEq(stakeTable.totalStake(), 15 * MIN_STAKE);
    }

    function test_PagePastTheEndIsEmpty() public view {
        (IStakeTable.ActiveValidator[] memory page, uint256 count) = stakeTable.activeValidators(5, 10);
        assertEq(page.length, 0);
        assertEq(count, 5);
        (page,) = stakeTable.activeValidators(type(uint256).max, type(uint256).max);
        assertEq(page.length, 0);
        (page,) = stakeTable.activeValidators(0, 0);
        assertEq(page.length, 0);
    }

    function test_AHugeLimitStopsAtTheEnd() public view {
        (IStakeTable.ActiveValidator[] memory page,) = stakeTable.activeValidators(3, type(uint256).max);
        assertEq(page.length, 2);
        assertEq(page[1].stake, 5 * MIN_STAKE);
    }

    function test_TotalStakeIsTheSumOfTheActivePages() public {
        _exit(bob, keyHashes[3]);
        vm.prank(alice);
        stakeTable.increaseStake{value: 7 ether}(keyHashes[0]);
        IStakeTable.ActiveValidator[] memory all = _allActive(3);
        uint256 sum;
        for (uint256 i; i < all.length; ++i) {
            sum += all[i].stake;
        }
        assertEq(all.length, 4);
        assertEq(sum, stakeTable.totalStake());
        assertEq(sum, (15 - 4) * MIN_STAKE + 7 ether);
    }

    function test_UnknownKeyHasNoRecord() public view {
        IStakeTable.Validator memory v = stakeTable.validator(keccak256("nobody"));
        assertEq(uint8(v.status), uint8(IStakeTable.Status.None));
        assertEq(v.account, address(0));
        assertEq(v.stake, 0);
    }

    function test_DeployParameters() public view {
        assertEq(stakeTable.minStake(), MIN_STAKE);
        assertEq(stakeTable.exitEscrowPeriod(), ESCROW);
        assertEq(stakeTable.POP_TAG(), keccak256("hotshot.proof-of-possession"));
    }

    function test_ProofOfPossessionDigestLayout() public view {
        (, BLS.G1Point memory pk) = _key(0);
        bytes32 expected = keccak256(
            abi.encodePacked(
                keccak256("hotshot.proof-of-possession"),
                block.chainid,
                uint256(uint160(address(stakeTable))),
                uint256(uint160(alice)),
                pk.x_a,
                pk.x_b,
                pk.y_a,
                pk.y_b
            )
        );
        assertEq(stakeTable.proofOfPossessionDigest(alice, pk), expected);
    }

    function testFuzz_PagesCoverTheActiveSetOnce(uint8 registered, uint8 exited, uint8 pageSize) public {
        registered = uint8(bound(registered, 0, 12));
        exited = uint8(bound(exited, 0, 5 + uint256(registered)));
        pageSize = uint8(bound(pageSize, 1, 10));
        for (uint256 i; i < registered; ++i) {
            keyHashes.push(_register(alice, 5 + i, MIN_STAKE));
        }
        // Exit every third key, from the end, until `exited` have left.
        uint256 left;
        for (uint256 i = keyHashes.length; i > 0 && left < exited; --i) {
            if (i % 3 != 0) continue;
            _exit(i - 1 < 5 && (i - 1) % 2 == 1 ? bob : alice, keyHashes[i - 1]);
            ++left;
        }
        IStakeTable.ActiveValidator[] memory all = _allActive(pageSize);
        assertEq(all.length, keyHashes.length - left);
        uint256 sum;
        for (uint256 i; i < all.length; ++i) {
            bytes32 keyHash = keccak256(abi.encode(all[i].publicKey));
            assertEq(uint8(stakeTable.validator(keyHash).status), uint8(IStakeTable.Status.Active));
            for (uint256 j; j < i; ++j) {
                assertTrue(keccak256(abi.encode(all[j].publicKey)) != keyHash, "listed twice");
            }
            sum += all[i].stake;
        }
        assertEq(sum, stakeTable.totalStake());
    }
}
