// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HotShot} from "../../src/HotShot.sol";
import {IHotShot} from "../../src/interfaces/IHotShot.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";
import {BlsTestKeys} from "./BlsTestKeys.sol";

/// @notice A HotShot light client over in-EVM BLS keys, and a builder of header chains and certificates for it.
abstract contract HotShotFixture is Test {
    uint64 internal constant CHAIN_ID = 999;
    uint256 internal constant KEY_SEED = 1;

    HotShot internal hotShot;
    uint256[] internal secretKeys;
    /// @dev The head of the chain as this builder knows it: what the next header continues.
    bytes32 internal headCommitment;
    uint64 internal headHeight;

    /// @dev Deploys HotShot with `stakes.length` members of the given stakes.
    function _deploy(uint256[] memory stakes) internal {
        delete secretKeys;
        IHotShot.StakeTableEntry[] memory entries = _entries(KEY_SEED, stakes);
        hotShot = new HotShot(CHAIN_ID, entries);
        headCommitment = Commitments.headerCommitmentOf(Commitments.genesisHeader(CHAIN_ID));
        headHeight = 0;
    }

    /// @dev Deploys HotShot with `size` members of stake 1.
    function _deployEqual(uint256 size) internal {
        uint256[] memory stakes = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            stakes[i] = 1;
        }
        _deploy(stakes);
    }

    /// @dev Stake-table entries for keys of `seed`; records their secret keys when `seed` is KEY_SEED.
    function _entries(uint256 seed, uint256[] memory stakes)
        internal
        returns (IHotShot.StakeTableEntry[] memory entries)
    {
        entries = new IHotShot.StakeTableEntry[](stakes.length);
        for (uint256 i; i < stakes.length; ++i) {
            uint256 sk = BlsTestKeys.secretKey(seed, i);
            if (seed == KEY_SEED) secretKeys.push(sk);
            entries[i] = IHotShot.StakeTableEntry({publicKey: BlsTestKeys.publicKey(sk), stake: stakes[i]});
        }
    }

    /// @dev The header after (`parent`, `height` - 1) with the given payload commitment.
    function _header(bytes32 parent, uint64 height, bytes32 payloadCommitment)
        internal
        pure
        returns (IHotShot.Header memory)
    {
        return IHotShot.Header({
            chainId: CHAIN_ID,
            height: height,
            timestamp: uint64(1_700_000_000_000) + height * 1000,
            l1Head: 100 + height,
            parentCommitment: parent,
            payloadCommitment: payloadCommitment,
            payloadSize: 0
        });
    }

    /// @dev `count` empty headers continuing the builder's head; advances the head.
    function _nextHeaders(uint256 count) internal returns (IHotShot.Header[] memory headers) {
        bytes32[] memory payloads = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            payloads[i] = Commitments.EMPTY_PAYLOAD_COMMITMENT;
        }
        return _nextHeadersWith(payloads);
    }

    /// @dev Headers with the given payload commitments continuing the builder's head; advances the head.
    function _nextHeadersWith(bytes32[] memory payloads) internal returns (IHotShot.Header[] memory headers) {
        headers = new IHotShot.Header[](payloads.length);
        for (uint256 i; i < payloads.length; ++i) {
            headers[i] = _header(headCommitment, headHeight + 1, payloads[i]);
            headCommitment = Commitments.headerCommitmentOf(headers[i]);
            headHeight += 1;
        }
    }

    /// @dev A certificate over the last of `headers` signed by `signers`.
    function _certify(IHotShot.Header[] memory headers, uint256[] memory signers)
        internal
        view
        returns (IHotShot.FinalityCertificate memory)
    {
        IHotShot.Header memory last = headers[headers.length - 1];
        return _certifyDigest(_digestOf(last), signers);
    }

    /// @dev A certificate over `digest` signed by `signers`.
    function _certifyDigest(bytes32 digest, uint256[] memory signers)
        internal
        view
        returns (IHotShot.FinalityCertificate memory)
    {
        return IHotShot.FinalityCertificate({
            signers: _bitmap(signers, secretKeys.length),
            signature: BlsTestKeys.sign(BlsTestKeys.sumKeys(secretKeys, signers), digest)
        });
    }

    /// @dev The current members' certificate handing over to `entries` as the table of `epoch`.
    function _rotationCert(uint64 epoch, IHotShot.StakeTableEntry[] memory entries)
        internal
        view
        returns (IHotShot.FinalityCertificate memory)
    {
        return _certifyDigest(
            Commitments.stakeTableRotationDigest(CHAIN_ID, epoch, entries), _range(0, secretKeys.length)
        );
    }

    /// @dev Hands over to `entries` as the next epoch's table, certified by every current member.
    function _rotate(IHotShot.StakeTableEntry[] memory entries) internal {
        uint64 epoch = hotShot.stakeTableEpoch() + 1;
        hotShot.rotateStakeTable(epoch, entries, _rotationCert(epoch, entries));
    }

    /// @dev A certificate over the last of `headers` signed by every member.
    function _certifyAll(IHotShot.Header[] memory headers) internal view returns (IHotShot.FinalityCertificate memory) {
        return _certify(headers, _range(0, secretKeys.length));
    }

    /// @dev The finality digest of `header`.
    function _digestOf(IHotShot.Header memory header) internal pure returns (bytes32) {
        return Commitments.finalityDigest(header.chainId, header.height, Commitments.headerCommitmentOf(header));
    }

    /// @dev The signer bitmap of `signers` over `size` members.
    function _bitmap(uint256[] memory signers, uint256 size) internal pure returns (bytes memory bitmap) {
        bitmap = new bytes((size + 7) / 8);
        for (uint256 i; i < signers.length; ++i) {
            bitmap[signers[i] / 8] |= bytes1(uint8(1 << (signers[i] % 8)));
        }
    }

    /// @dev [from, to).
    function _range(uint256 from, uint256 to) internal pure returns (uint256[] memory indices) {
        indices = new uint256[](to - from);
        for (uint256 i; i < indices.length; ++i) {
            indices[i] = from + i;
        }
    }

    /// @dev Stores `headers` with a certificate from every member.
    function _store(IHotShot.Header[] memory headers) internal {
        hotShot.newBlocks(headers, _certifyAll(headers));
    }
}
