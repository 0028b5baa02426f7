// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {LibBit} from "solady/utils/LibBit.sol";
import {LibSort} from "solady/utils/LibSort.sol";
import {SSTORE2} from "solady/utils/SSTORE2.sol";
import {IHotShot} from "../interfaces/IHotShot.sol";
import {BlsSignatures} from "./BlsSignatures.sol";

/// @title StakeTables
/// @notice A stake table kept as contract code (SSTORE2): a certificate check reads only the entries it needs, at a
/// few hundred gas each, where storage would cost 10,500 gas per cold entry.
/// @dev The table is a row of 160-byte records split into code chunks of RECORDS_PER_CHUNK. Record 0 is a header:
/// the sum of every public key (128 bytes) and the total stake (32 bytes). Record i + 1 is member i: its 128-byte
/// EIP-2537 public key, then its stake. With the sum at hand, a certificate signed by most members is checked by
/// adding up the keys of those who did not sign and subtracting, so a check costs min(signers, non-signers) additions.
library StakeTables {
    /// @notice Members the light client stores; a larger table would not fit one transaction's gas.
    uint256 internal constant MAX_SIZE = 512;
    /// @notice Total stake must stay under 2^128 so the quorum threshold packs into half a slot.
    uint256 internal constant STAKE_LIMIT = 1 << 128;
    /// @dev 128 records of 160 bytes, plus SSTORE2's STOP byte, stay under EIP-170's 24,576-byte code limit.
    uint256 private constant RECORDS_PER_CHUNK = 128;
    uint256 private constant RECORD_BYTES = 160;
    /// @dev The BLS12-381 base field modulus, EIP-2537 encoded in two words.
    uint256 private constant P_HIGH = 0x1a0111ea397fe69a4b1ba7b6434bacd7;
    uint256 private constant P_LOW = 0x64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab;

    /// @notice Checks `entries` and writes them as code chunks into `chunks`; returns their total stake.
    function write(mapping(uint256 => address) storage chunks, IHotShot.StakeTableEntry[] memory entries)
        internal
        returns (uint256 total)
    {
        uint256 size = entries.length;
        if (size == 0) revert IHotShot.EmptyStakeTable();
        if (size > MAX_SIZE) revert IHotShot.StakeTableTooLarge(MAX_SIZE, size);
        for (uint256 i; i < size; ++i) {
            uint256 stake = entries[i].stake;
            // Entries under 2^128 cannot overflow the sum of MAX_SIZE of them.
            if (stake >= STAKE_LIMIT) revert IHotShot.InvalidTotalStake(stake);
            total += stake;
        }
        if (total == 0 || total >= STAKE_LIMIT) revert IHotShot.InvalidTotalStake(total);

        bytes memory records = new bytes((size + 1) * RECORD_BYTES);
        BLS.G1Point memory sum = checkPublicKeys(entries);
        _putRecord(records, 0, sum, total);
        for (uint256 i; i < size; ++i) {
            _putRecord(records, i + 1, entries[i].publicKey, entries[i].stake);
        }
        uint256 chunkBytes = RECORDS_PER_CHUNK * RECORD_BYTES;
        for (uint256 chunk; chunk * chunkBytes < records.length; ++chunk) {
            uint256 from = chunk * chunkBytes;
            uint256 length = records.length - from < chunkBytes ? records.length - from : chunkBytes;
            bytes memory data = new bytes(length);
            assembly ("memory-safe") {
                mcopy(add(data, 0x20), add(add(records, 0x20), from), length)
            }
            chunks[chunk] = SSTORE2.write(data);
        }
    }

    /// @notice The `size` entries stored in `chunks`, in index order.
    function read(mapping(uint256 => address) storage chunks, uint256 size)
        internal
        view
        returns (IHotShot.StakeTableEntry[] memory entries)
    {
        entries = new IHotShot.StakeTableEntry[](size);
        for (uint256 i; i < size; ++i) {
            (BLS.G1Point memory key, uint256 stake) = _record(chunks, i + 1);
            entries[i] = IHotShot.StakeTableEntry({publicKey: key, stake: stake});
        }
    }

    /// @notice The total stake stored in `chunks`.
    function totalStake(mapping(uint256 => address) storage chunks) internal view returns (uint256 total) {
        (, total) = _record(chunks, 0);
    }

    /// @notice The signers' summed stake and aggregate public key. `bitmap` sets bit i of byte floor(i/8), least
    /// significant bit first, for member i; it must be ceil(size/8) bytes with no bit past the last member.
    function aggregate(mapping(uint256 => address) storage chunks, uint256 size, bytes calldata bitmap)
        internal
        view
        returns (uint256 stake, BLS.G1Point memory key)
    {
        uint256 length = (size + 7) / 8;
        if (bitmap.length != length) revert IHotShot.SignerBitmapLengthMismatch(length, bitmap.length);
        uint256 last = uint8(bitmap[length - 1]) >> (((size - 1) % 8) + 1);
        if (last != 0) revert IHotShot.UnknownSigner((length - 1) * 8 + ((size - 1) % 8) + 1 + LibBit.ffs(last), size);

        uint256 signers = _popCount(bitmap);
        // Sum whichever side is smaller: the signers, or the members who did not sign (then subtract from the total).
        bool complement = 2 * signers > size;
        uint256 partialStake;
        (partialStake, key) = _sum(chunks, size, bitmap, complement);
        if (!complement) return (partialStake, key);

        (BLS.G1Point memory everyone, uint256 total) = _record(chunks, 0);
        stake = total - partialStake;
        if (BlsSignatures.isInfinity(key)) return (stake, everyone);
        key = BLS.add(everyone, _negate(key));
    }

    /// @dev Rejects the point at infinity, points off the curve or outside the subgroup, and repeated keys; returns
    /// the sum of the keys.
    function checkPublicKeys(IHotShot.StakeTableEntry[] memory entries) private view returns (BLS.G1Point memory sum) {
        uint256 size = entries.length;
        // One G1MSM over every key with scalar 1 checks them all and sums them; only on failure are they checked
        // one by one to name the bad one.
        bytes memory input = new bytes(size * 0xa0);
        uint256[] memory tagged = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            BLS.G1Point memory key = entries[i].publicKey;
            if (BlsSignatures.isInfinity(key)) revert IHotShot.InvalidPublicKey(i);
            bytes32 hash;
            assembly ("memory-safe") {
                let slot := add(add(input, 0x20), mul(i, 0xa0))
                mcopy(slot, key, 0x80)
                mstore(add(slot, 0x80), 1)
                hash := keccak256(key, 0x80)
            }
            // A key's hash with its index in the low 32 bits: after sorting, equal keys sit side by side.
            tagged[i] = (uint256(hash) & ~uint256(0xffffffff)) | i;
        }
        if (!_msm(input, sum)) {
            for (uint256 i; i < size; ++i) {
                bytes memory single = new bytes(0xa0);
                assembly ("memory-safe") {
                    mcopy(add(single, 0x20), add(add(input, 0x20), mul(i, 0xa0)), 0xa0)
                }
                if (!_msm(single, sum)) revert IHotShot.InvalidPublicKey(i);
            }
        }
        LibSort.sort(tagged);
        for (uint256 i = 1; i < size; ++i) {
            // Equal hashes sort by their index bits, so the earlier member comes first.
            if (tagged[i] >> 32 == tagged[i - 1] >> 32) {
                revert IHotShot.DuplicatePublicKey(tagged[i] & 0xffffffff, tagged[i - 1] & 0xffffffff);
            }
        }
    }

    /// @dev The stake and key sum of the members whose bit is set (or, with `complement`, clear).
    function _sum(mapping(uint256 => address) storage chunks, uint256 size, bytes calldata bitmap, bool complement)
        private
        view
        returns (uint256 stake, BLS.G1Point memory sum)
    {
        assembly ("memory-safe") {
            // [sum 128][record 160]: G1ADD reads the sum and the record's key and writes the new sum over the old.
            // The sum starts at the point at infinity, all zeros.
            sum := mload(0x40)
            mstore(0x40, add(sum, 0x120))
            calldatacopy(sum, calldatasize(), 0x80)
            let flip := mul(complement, 0xff)
            let loaded := not(0)
            let chunk := 0
            for { let byteIndex := 0 } lt(byteIndex, bitmap.length) { byteIndex := add(byteIndex, 1) } {
                let bits := xor(shr(248, calldataload(add(bitmap.offset, byteIndex))), flip)
                for {} bits {} {
                    // The lowest set bit: isolate it, then its index is the popcount of the bits below it.
                    let low := and(bits, add(not(bits), 1))
                    let below := sub(low, 1)
                    below := sub(below, and(shr(1, below), 0x55))
                    below := add(and(below, 0x33), and(shr(2, below), 0x33))
                    below := and(add(below, shr(4, below)), 0x0f)
                    let index := add(shl(3, byteIndex), below)
                    // Only the complement sets bits past the last member; they name nobody.
                    if iszero(lt(index, size)) { break }
                    let record := add(index, 1)
                    let c := shr(7, record)
                    if iszero(eq(c, loaded)) {
                        loaded := c
                        mstore(0x00, c)
                        mstore(0x20, chunks.slot)
                        chunk := sload(keccak256(0x00, 0x40))
                    }
                    extcodecopy(chunk, add(sum, 0x80), add(1, mul(and(record, 0x7f), 0xa0)), 0xa0)
                    stake := add(stake, mload(add(sum, 0x100)))
                    // Keys were checked on the curve when the table was set: G1ADD cannot fail on them.
                    if iszero(staticcall(gas(), 0x0b, sum, 0x100, sum, 0x80)) { invalid() }
                    bits := xor(bits, low)
                }
            }
        }
    }

    /// @dev The number of set bits in `bitmap`.
    function _popCount(bytes calldata bitmap) private pure returns (uint256 count) {
        for (uint256 offset; offset < bitmap.length; offset += 32) {
            uint256 word;
            assembly ("memory-safe") {
                word := calldataload(add(bitmap.offset, offset))
            }
            uint256 remaining = bitmap.length - offset;
            // The last word reads past the bitmap: keep only its own bytes.
            if (remaining < 32) word &= ~(type(uint256).max >> (remaining * 8));
            count += LibBit.popCount(word);
        }
    }

    /// @dev -point for a point other than infinity: (x, p - y).
    function _negate(BLS.G1Point memory point) private pure returns (BLS.G1Point memory negated) {
        uint256 yHigh = uint256(point.y_a);
        uint256 yLow = uint256(point.y_b);
        uint256 borrow = yLow > P_LOW ? 1 : 0;
        unchecked {
            negated = BLS.G1Point({
                x_a: point.x_a, x_b: point.x_b, y_a: bytes32(P_HIGH - yHigh - borrow), y_b: bytes32(P_LOW - yLow)
            });
        }
    }

    /// @dev Record `index` (0 is the header) read from the chunks.
    function _record(mapping(uint256 => address) storage chunks, uint256 index)
        private
        view
        returns (BLS.G1Point memory key, uint256 stake)
    {
        address chunk = chunks[index / RECORDS_PER_CHUNK];
        uint256 offset = 1 + (index % RECORDS_PER_CHUNK) * RECORD_BYTES;
        assembly ("memory-safe") {
            extcodecopy(chunk, key, offset, 0x80)
            extcodecopy(chunk, 0x00, add(offset, 0x80), 0x20)
            stake := mload(0x00)
        }
    }

    /// @dev Writes record `index` into `records`.
    function _putRecord(bytes memory records, uint256 index, BLS.G1Point memory key, uint256 stake) private pure {
        uint256 offset = index * RECORD_BYTES;
        assembly ("memory-safe") {
            let slot := add(add(records, 0x20), offset)
            mcopy(slot, key, 0x80)
            mstore(add(slot, 0x80), stake)
        }
    }

    /// @dev Runs G1MSM on `input`, writing its result to `result`; false when the precompile refuses a point.
    /// The precompile burns all the gas it is given on a bad point, so it gets twice its EIP-2537 price without the
    /// batch discount (12,000 per point), not the whole transaction.
    function _msm(bytes memory input, BLS.G1Point memory result) private view returns (bool ok) {
        assembly ("memory-safe") {
            let points := div(mload(input), 0xa0)
            ok := staticcall(mul(points, 24000), 0x0c, add(input, 0x20), mload(input), result, 0x80)
        }
    }
}
