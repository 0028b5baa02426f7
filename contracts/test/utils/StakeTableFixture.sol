// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {StakeTable} from "../../src/StakeTable.sol";
import {IStakeTable} from "../../src/interfaces/IStakeTable.sol";
import {BlsTestKeys} from "./BlsTestKeys.sol";

/// @notice A StakeTable with a 1 ether minimum and a 7-day escrow, and helpers that register test keys with proofs of
/// possession made in the EVM (BlsTestKeys signs exactly as the nodes do).
abstract contract StakeTableFixture is Test {
    uint256 internal constant MIN_STAKE = 1 ether;
    uint32 internal constant ESCROW = 7 days;
    uint256 internal constant KEY_SEED = 18;

    StakeTable internal stakeTable;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public virtual {
        stakeTable = new StakeTable(MIN_STAKE, ESCROW);
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
    }

    /// @dev Test key `index`: its secret scalar and public key.
    function _key(uint256 index) internal view returns (uint256 sk, BLS.G1Point memory pk) {
        sk = BlsTestKeys.secretKey(KEY_SEED, index);
        pk = BlsTestKeys.publicKey(sk);
    }

    /// @dev The proof of possession of `sk`'s key for `account` at `table` on the current chain.
    function _pop(StakeTable table, uint256 sk, address account) internal view returns (BLS.G2Point memory) {
        return BlsTestKeys.sign(sk, table.proofOfPossessionDigest(account, BlsTestKeys.publicKey(sk)));
    }

    /// @dev Registers test key `index` for `account` with `stake` wei; returns its key hash.
    function _register(address account, uint256 index, uint256 stake) internal returns (bytes32 keyHash) {
        (uint256 sk, BLS.G1Point memory pk) = _key(index);
        BLS.G2Point memory signature = _pop(stakeTable, sk, account);
        vm.prank(account);
        stakeTable.register{value: stake}(pk, signature);
        return keccak256(abi.encode(pk));
    }

    /// @dev Requests exit of `keyHash` as `account`.
    function _exit(address account, bytes32 keyHash) internal {
        vm.prank(account);
        stakeTable.requestExit(keyHash);
    }

    /// @dev Every active validator, read in pages of `pageSize`.
    function _allActive(uint256 pageSize) internal view returns (IStakeTable.ActiveValidator[] memory all) {
        uint256 count = stakeTable.activeValidatorCount();
        all = new IStakeTable.ActiveValidator[](count);
        for (uint256 offset; offset < count; offset += pageSize) {
            (IStakeTable.ActiveValidator[] memory page, uint256 total) = stakeTable.activeValidators(offset, pageSize);
            assertEq(total, count);
            for (uint256 i; i < page.length; ++i) {
                all[offset + i] = page[i];
            }
        }
    }

    /// @dev Whether the active set lists `keyHash`.
    function _isListed(bytes32 keyHash) internal view returns (bool) {
        IStakeTable.ActiveValidator[] memory all = _allActive(7);
        for (uint256 i; i < all.length; ++i) {
            if (keccak256(abi.encode(all[i].publicKey)) == keyHash) return true;
        }
        return false;
    }
}
