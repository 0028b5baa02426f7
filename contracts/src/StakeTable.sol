// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {IStakeTable} from "./interfaces/IStakeTable.sol";
import {BlsSignatures} from "./libraries/BlsSignatures.sol";

/// @title StakeTable
/// @notice The permissionless validator registry: anyone registers a BLS12-381 key (G1, min-pk as the nodes sign)
/// with a proof of possession checked here and at least `minStake` wei of ETH. A key counts from its registration
/// until its account requests exit; the stake is withdrawn `exitEscrowPeriod` seconds later. A key registers once,
/// ever. Nodes read the active validators at an L1 block to compute an epoch's stake table (DESIGN.md section 7).
/// @dev Stake is native ETH, not an ERC-20: no token contract to trust or approve, and `address(this).balance` is the
/// whole escrow. The active set is an array with swap-and-pop removal, so exit and the paged views cost O(1) per key.
contract StakeTable is IStakeTable {
    /// @notice keccak256("hotshot.proof-of-possession"): the domain tag of the digest a key signs to register.
    bytes32 public constant POP_TAG = keccak256("hotshot.proof-of-possession");

    /// @dev Gas for the G1MSM subgroup check of one point: twice its EIP-2537 price (12,000), because the precompile
    /// burns all it is given on a bad point.
    uint256 private constant G1MSM_GAS = 24_000;

    /// @dev One key's record; the first slot packs account, status, unlock time and position in `_active`.
    struct Record {
        address account;
        Status status;
        uint48 unlocksAt;
        uint32 activeIndex;
        uint256 stake;
        BLS.G1Point publicKey;
    }

    /// @inheritdoc IStakeTable
    uint256 public immutable minStake;
    /// @inheritdoc IStakeTable
    uint256 public immutable exitEscrowPeriod;

    /// @inheritdoc IStakeTable
    uint256 public totalStake;
    mapping(bytes32 keyHash => Record) internal _records;
    bytes32[] internal _active;

    /// @param minStake_ The least stake of a registration, in wei (at least 1).
    /// @param exitEscrowPeriod_ Seconds from an exit request to the earliest withdrawal. It must outlast the time from
    /// the L1 block an epoch's table is read at to the end of that epoch, so stake that counts is still at risk. A
    /// uint32 (up to 136 years) keeps every unlock time within its uint48 field.
    constructor(uint256 minStake_, uint32 exitEscrowPeriod_) {
        if (minStake_ == 0) revert InvalidMinStake(minStake_);
        minStake = minStake_;
        exitEscrowPeriod = exitEscrowPeriod_;
    }

    /// @inheritdoc IStakeTable
    function register(BLS.G1Point calldata publicKey, BLS.G2Point calldata signature) external payable {
        if (msg.value < minStake) revert StakeBelowMinimum(minStake, msg.value);
        bytes32 keyHash = keccak256(abi.encode(publicKey));
        Record storage record = _records[keyHash];
        if (record.status != Status.None) revert KeyAlreadyRegistered(keyHash);
        BLS.G1Point memory key = publicKey;
        // BlsSignatures.verify needs a subgroup point, and a key must be one to enter any stake table.
        if (!_isSubgroupPoint(key)) revert InvalidPublicKey(keyHash);
        bytes32 digest = _proofOfPossessionDigest(msg.sender, key);
        if (!BlsSignatures.verify(key, digest, signature)) revert InvalidProofOfPossession(digest);

        uint256 index = _active.length;
        record.account = msg.sender;
        record.status = Status.Active;
        record.activeIndex = uint32(index);
        record.stake = msg.value;
        record.publicKey = key;
        _active.push(keyHash);
        totalStake += msg.value;
        emit Registered(keyHash, msg.sender, key, msg.value);
    }

    /// @inheritdoc IStakeTable
    function increaseStake(bytes32 keyHash) external payable {
        Record storage record = _ownRecord(keyHash, Status.Active);
        if (msg.value == 0) revert ZeroAmount();
        uint256 stake = record.stake + msg.value;
        record.stake = stake;
        totalStake += msg.value;
        emit StakeIncreased(keyHash, msg.value, stake);
    }

    /// @inheritdoc IStakeTable
    function requestExit(bytes32 keyHash) external {
        Record storage record = _ownRecord(keyHash, Status.Active);
        uint256 stake = record.stake;
        uint256 unlocksAt = block.timestamp + exitEscrowPeriod;
        record.status = Status.Exiting;
        record.unlocksAt = uint48(unlocksAt);

        // Swap-and-pop: the last active key takes the leaving key's place.
        uint256 index = record.activeIndex;
        uint256 last = _active.length - 1;
        if (index != last) {
            bytes32 moved = _active[last];
            _active[index] = moved;
            _records[moved].activeIndex = uint32(index);
        }
        _active.pop();
        record.activeIndex = 0;
        totalStake -= stake;
        emit ExitRequested(keyHash, stake, unlocksAt);
    }

    /// @inheritdoc IStakeTable
    function withdraw(bytes32 keyHash) external {
        Record storage record = _ownRecord(keyHash, Status.Exiting);
        if (block.timestamp < record.unlocksAt) revert EscrowNotElapsed(record.unlocksAt, block.timestamp);
        uint256 amount = record.stake;
        // Checks, effects, then the interaction: a re-entering call finds the key Withdrawn with no stake.
        record.status = Status.Withdrawn;
        record.stake = 0;
        emit Withdrawn(keyHash, msg.sender, amount);
        (bool paid,) = payable(msg.sender).call{value: amount}("");
        if (!paid) revert TransferFailed(msg.sender, amount);
    }

    /// @inheritdoc IStakeTable
    function proofOfPossessionDigest(address account, BLS.G1Point calldata publicKey) external view returns (bytes32) {
        return _proofOfPossessionDigest(account, publicKey);
    }

    /// @inheritdoc IStakeTable
    function keyHashOf(BLS.G1Point calldata publicKey) external pure returns (bytes32) {
        return keccak256(abi.encode(publicKey));
    }

    /// @inheritdoc IStakeTable
    function validator(bytes32 keyHash) external view returns (Validator memory) {
        Record storage record = _records[keyHash];
        return Validator({
            account: record.account,
            status: record.status,
            unlocksAt: record.unlocksAt,
            stake: record.stake,
            publicKey: record.publicKey
        });
    }

    /// @inheritdoc IStakeTable
    function activeValidators(uint256 offset, uint256 limit)
        external
        view
        returns (ActiveValidator[] memory page, uint256 count)
    {
        count = _active.length;
        uint256 end = offset < count ? (limit < count - offset ? offset + limit : count) : offset;
        page = new ActiveValidator[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            Record storage record = _records[_active[i]];
            page[i - offset] = ActiveValidator({publicKey: record.publicKey, stake: record.stake});
        }
    }

    /// @inheritdoc IStakeTable
    function activeValidatorCount() external view returns (uint256) {
        return _active.length;
    }

    /// @dev The record of `keyHash`, after checking that the caller registered it and that it is in `status`.
    function _ownRecord(bytes32 keyHash, Status status) internal view returns (Record storage record) {
        record = _records[keyHash];
        Status actual = record.status;
        if (actual == Status.None) revert UnknownValidator(keyHash);
        if (record.account != msg.sender) revert NotValidatorAccount(keyHash, record.account, msg.sender);
        if (actual != status) revert WrongStatus(keyHash, status, actual);
    }

    /// @dev keccak256(abi.encode(POP_TAG, chainId, this contract, account, publicKey)). The chain id is one word, as in
    /// every signed digest of DESIGN.md section 2 (a uint64 there; the same bytes for any real chain id).
    function _proofOfPossessionDigest(address account, BLS.G1Point memory publicKey) internal view returns (bytes32) {
        return keccak256(abi.encode(POP_TAG, block.chainid, address(this), account, publicKey));
    }

    /// @dev Whether `point` is a G1 point of the prime-order subgroup other than infinity: G1MSM checks the subgroup
    /// of every input (G1ADD does not), so a product by 1 succeeds exactly for subgroup points.
    function _isSubgroupPoint(BLS.G1Point memory point) internal view returns (bool ok) {
        if (BlsSignatures.isInfinity(point)) return false;
        assembly ("memory-safe") {
            let input := mload(0x40)
            mcopy(input, point, 0x80)
            mstore(add(input, 0x80), 1)
            ok := staticcall(G1MSM_GAS, 0x0c, input, 0xa0, input, 0x80)
        }
    }
}
