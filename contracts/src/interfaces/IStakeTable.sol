// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";

/// @title IStakeTable
/// @notice The permissionless validator registry the sequencer network takes its stake tables from (DESIGN.md
/// section 7, issue 18). A validator is a BLS12-381 key in G1 registered with a proof of possession and an ETH stake;
/// it counts from registration until it requests exit, and its stake is withdrawn after the exit escrow.
interface IStakeTable {
    /// @notice Where a registered key is in its life. A key moves only forward, and never registers again.
    enum Status {
        /// Never registered.
        None,
        /// Counts in the table, with its stake.
        Active,
        /// Requested exit: no longer counts; its stake waits out the escrow.
        Exiting,
        /// Its stake was paid out; the key can never come back.
        Withdrawn
    }

    /// @notice Everything stored about one key, by `keyHash = keccak256(abi.encode(publicKey))`.
    struct Validator {
        /// The account that registered the key: the only one that may add stake, exit and withdraw.
        address account;
        Status status;
        /// Unix time (seconds) from which an exiting validator may withdraw; 0 before exit.
        uint48 unlocksAt;
        /// Wei held for this key: counted while Active, escrowed while Exiting, 0 once Withdrawn.
        uint256 stake;
        /// The key, EIP-2537 encoded.
        BLS.G1Point publicKey;
    }

    /// @notice One member of the active table: the shape of IHotShot.StakeTableEntry, so it can seed the light client.
    struct ActiveValidator {
        BLS.G1Point publicKey;
        uint256 stake;
    }

    /// @notice `account` registered `publicKey` with `stake` wei; it counts from this block.
    event Registered(bytes32 indexed keyHash, address indexed account, BLS.G1Point publicKey, uint256 stake);

    /// @notice `amount` wei were added to the key's stake, which is now `stake`.
    event StakeIncreased(bytes32 indexed keyHash, uint256 amount, uint256 stake);

    /// @notice The key no longer counts from this block; its `stake` can be withdrawn from `unlocksAt` (Unix seconds).
    event ExitRequested(bytes32 indexed keyHash, uint256 stake, uint256 unlocksAt);

    /// @notice `amount` wei of the key's stake were paid to `account`.
    event Withdrawn(bytes32 indexed keyHash, address indexed account, uint256 amount);

    /// @notice The deploy parameters: the minimum stake must be at least 1 wei.
    error InvalidMinStake(uint256 minStake);

    /// @notice A registration carried less than the minimum stake.
    error StakeBelowMinimum(uint256 minimum, uint256 got);

    /// @notice The key was registered before (whatever became of it): a key registers once, ever.
    error KeyAlreadyRegistered(bytes32 keyHash);

    /// @notice The key is the point at infinity, off the curve, or outside the prime-order subgroup.
    error InvalidPublicKey(bytes32 keyHash);

    /// @notice The signature does not verify against the key over the proof-of-possession `digest`, which binds this
    /// chain, this contract, the caller and the key.
    error InvalidProofOfPossession(bytes32 digest);

    /// @notice The signature is not a valid G2 point of the prime-order subgroup (the selector BlsSignatures reverts
    /// with, declared here so clients of this contract decode it).
    error MalformedSignature();

    /// @notice No key with this hash was ever registered.
    error UnknownValidator(bytes32 keyHash);

    /// @notice Only the account that registered the key may change it.
    error NotValidatorAccount(bytes32 keyHash, address account, address caller);

    /// @notice The call needs the key in status `expected`, and it is in `actual`.
    error WrongStatus(bytes32 keyHash, Status expected, Status actual);

    /// @notice `increaseStake` carried no ETH.
    error ZeroAmount();

    /// @notice The exit escrow has not passed: withdrawal opens at `unlocksAt`, and it is `time` (Unix seconds).
    error EscrowNotElapsed(uint256 unlocksAt, uint256 time);

    /// @notice The payment of a withdrawal to `account` failed; nothing changed.
    error TransferFailed(address account, uint256 amount);

    /// @notice The least stake, in wei, that a registration carries.
    function minStake() external view returns (uint256);

    /// @notice Seconds between an exit request and the earliest withdrawal.
    function exitEscrowPeriod() external view returns (uint256);

    /// @notice Registers `publicKey` for the caller with `msg.value` wei of stake. `signature` is the key's BLS
    /// signature (G2, EIP-2537 encoded) over `proofOfPossessionDigest(msg.sender, publicKey)`.
    function register(BLS.G1Point calldata publicKey, BLS.G2Point calldata signature) external payable;

    /// @notice Adds `msg.value` wei to an active key's stake (its account only).
    function increaseStake(bytes32 keyHash) external payable;

    /// @notice Stops the key counting from this block and starts its exit escrow (its account only).
    function requestExit(bytes32 keyHash) external;

    /// @notice Pays an exited key's stake to its account once the escrow has passed (its account only).
    function withdraw(bytes32 keyHash) external;

    /// @notice What a key signs to register for `account` here: keccak256(abi.encode(POP_TAG, block.chainid,
    /// address(this), account, publicKey)), with POP_TAG = keccak256("hotshot.proof-of-possession").
    function proofOfPossessionDigest(address account, BLS.G1Point calldata publicKey) external view returns (bytes32);

    /// @notice keccak256(abi.encode(publicKey)): how every other function names a key.
    function keyHashOf(BLS.G1Point calldata publicKey) external pure returns (bytes32);

    /// @notice Everything stored about the key (status None for a key never registered).
    function validator(bytes32 keyHash) external view returns (Validator memory);

    /// @notice Active validators `offset..offset+limit-1` (fewer at the end) and how many are active in all. The
    /// order is arbitrary and changes when a validator exits, so read every page at one block.
    function activeValidators(uint256 offset, uint256 limit)
        external
        view
        returns (ActiveValidator[] memory page, uint256 count);

    /// @notice How many validators are active.
    function activeValidatorCount() external view returns (uint256);

    /// @notice The sum of the active validators' stakes, in wei.
    function totalStake() external view returns (uint256);
}
