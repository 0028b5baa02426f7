// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {LibString} from "solady/utils/LibString.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HashToG2} from "../src/libraries/HashToG2.sol";

/// @notice Checks that Solidity computes every commitment and digest of DESIGN.md section 3 exactly as the TypeScript
/// libraries do, that HashToG2 hashes messages to G2 as noble does with the protocol's tag, and that the EIP-2537
/// pairing accepts the TypeScript aggregate signature over a finality digest.
/// The vectors come from `npm run fixtures` (scripts/write-protocol-fixtures.ts); a Jest test keeps them fresh.
contract ProtocolVectorsTest is Test {
    using LibString for uint256;

    /// @dev Field order as in libs/protocol HEADER_ABI; abi.encode of this struct is what headerCommitment hashes.
    struct Header {
        uint64 chainId;
        uint64 height;
        uint64 timestamp;
        uint64 l1Head;
        bytes32 parentCommitment;
        bytes32 payloadCommitment;
        uint32 payloadSize;
    }

    struct NamespaceEntry {
        uint32 ns;
        uint32 txCount;
        bytes32 payloadHash;
    }

    /// @dev The negated G1 generator, so e(pk, H(m)) == e(G1, sig) becomes one pairing product equal to 1.
    bytes32 internal constant NEG_G1_X_A = 0x0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0f;
    bytes32 internal constant NEG_G1_X_B = 0xc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb;
    bytes32 internal constant NEG_G1_Y_A = 0x00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f2;
    bytes32 internal constant NEG_G1_Y_B = 0x67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca;

    string internal json;

    function setUp() public {
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/protocol-vectors.json"));
    }

    function test_DomainTagsAreKeccakOfTheirNames() public view {
        assertEq(_bytes32(".domainTags.quorumVote"), keccak256("hotshot.quorum-vote"));
        assertEq(_bytes32(".domainTags.timeoutVote"), keccak256("hotshot.timeout-vote"));
        assertEq(_bytes32(".domainTags.daVote"), keccak256("hotshot.da-vote"));
        assertEq(_bytes32(".domainTags.proposal"), keccak256("hotshot.proposal"));
        assertEq(_bytes32(".domainTags.finality"), keccak256("hotshot.finality"));
        assertEq(_bytes32(".domainTags.cdnAuth"), keccak256("hotshot.cdn-auth"));
    }

    function test_HeaderCommitmentsFormAHashChain() public view {
        uint256 count = _count(".headers");
        assertGe(count, 4);
        bytes32 previous;
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".headers", i);
            Header memory header = Header({
                chainId: uint64(_uint(string.concat(item, ".chainId"))),
                height: uint64(_uint(string.concat(item, ".height"))),
                timestamp: uint64(_uint(string.concat(item, ".timestamp"))),
                l1Head: uint64(_uint(string.concat(item, ".l1Head"))),
                parentCommitment: _bytes32(string.concat(item, ".parentCommitment")),
                payloadCommitment: _bytes32(string.concat(item, ".payloadCommitment")),
                payloadSize: uint32(_uint(string.concat(item, ".payloadSize")))
            });
            assertEq(header.height, i, "heights count up from genesis");
            assertEq(header.chainId, _uint(".chainId"));
            assertEq(header.parentCommitment, previous, "parent commitment links the chain");
            previous = keccak256(abi.encode(header));
            assertEq(previous, _bytes32(string.concat(item, ".commitment")), "header commitment");
        }
    }

    function test_LeafCommitments() public view {
        uint256 count = _count(".leaves");
        assertEq(count, _count(".headers"));
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".leaves", i);
            bytes32 headerCommitment = _bytes32(string.concat(item, ".headerCommitment"));
            assertEq(headerCommitment, _bytes32(string.concat(_at(".headers", i), ".commitment")));
            bytes32 expected = keccak256(
                abi.encode(
                    uint64(_uint(string.concat(item, ".view"))),
                    headerCommitment,
                    _bytes32(string.concat(item, ".parentLeafCommitment"))
                )
            );
            assertEq(expected, _bytes32(string.concat(item, ".commitment")), "leaf commitment");
        }
    }

    function test_NamespaceTableCommitments() public view {
        uint256 count = _count(".namespaceTables");
        bool sawEmpty;
        for (uint256 t; t < count; ++t) {
            string memory item = _at(".namespaceTables", t);
            uint256 n = _count(string.concat(item, ".entries"));
            sawEmpty = sawEmpty || n == 0;
            NamespaceEntry[] memory entries = new NamespaceEntry[](n);
            for (uint256 i; i < n; ++i) {
                string memory row = _at(string.concat(item, ".entries"), i);
                entries[i] = NamespaceEntry({
                    ns: uint32(_uint(string.concat(row, ".namespace"))),
                    txCount: uint32(_uint(string.concat(row, ".txCount"))),
                    payloadHash: _bytes32(string.concat(row, ".payloadHash"))
                });
                if (i > 0) assertGt(entries[i].ns, entries[i - 1].ns, "table sorted without duplicates");
            }
            assertEq(keccak256(abi.encode(entries)), _bytes32(string.concat(item, ".commitment")), "payload commitment");
        }
        assertTrue(sawEmpty, "vectors include the empty table");
    }

    /// @dev Rebuilds each namespace payload (uint32 count, uint32 lengths, bytes) and checks it and its hash.
    function test_NamespacePayloadEncodingAndHash() public view {
        uint256 count = _count(".namespacePayloads");
        assertGt(count, 0);
        for (uint256 p; p < count; ++p) {
            string memory item = _at(".namespacePayloads", p);
            bytes[] memory txs = _bytesArray(string.concat(item, ".transactions"));
            bytes memory lengths;
            bytes memory data;
            for (uint256 i; i < txs.length; ++i) {
                lengths = abi.encodePacked(lengths, uint32(txs[i].length));
                data = abi.encodePacked(data, txs[i]);
            }
            bytes memory encoded = abi.encodePacked(uint32(txs.length), lengths, data);
            assertEq(encoded, vm.parseJsonBytes(json, string.concat(item, ".encoded")), "namespace payload encoding");
            assertEq(keccak256(encoded), _bytes32(string.concat(item, ".hash")), "namespace payload hash");
        }
    }

    function test_TransactionHashes() public view {
        uint256 count = _count(".transactions");
        assertGt(count, 0);
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".transactions", i);
            uint32 ns = uint32(_uint(string.concat(item, ".namespace")));
            bytes memory payload = vm.parseJsonBytes(json, string.concat(item, ".payload"));
            assertEq(keccak256(abi.encodePacked(ns, payload)), _bytes32(string.concat(item, ".hash")), "tx hash");
        }
    }

    function test_FinalityDigest() public view {
        uint256 last = _count(".headers") - 1;
        assertEq(_uint(".finality.height"), last);
        bytes32 headerCommitment = _bytes32(".finality.headerCommitment");
        assertEq(headerCommitment, _bytes32(string.concat(_at(".headers", last), ".commitment")));
        assertEq(_finalityDigest(uint64(last), headerCommitment), _bytes32(".finality.digest"));
    }

    function test_SignerBitmapIsAQuorumButNotEveryone() public view {
        (uint256[] memory signers, uint256 signed, uint256 total) = _signersAndStake();
        assertEq(signers, vm.parseJsonUintArray(json, ".finality.signerIndices"));
        assertEq(_count(".finality.stakeTable"), 10);
        assertLt(signers.length, 10);
        assertGe(signed, (2 * total) / 3 + 1, "signers hold a quorum of stake");
    }

    function test_HashToG2MatchesNobleWithThePopDst() public view {
        assertEq(bytes(vm.parseJsonString(json, ".hashToG2.dst")), HashToG2.POP_DST, "the protocol's tag");
        uint256 count = _count(".hashToG2.vectors");
        assertGe(count, 8);
        bool sawEmpty;
        bool sawDigest;
        bool sawLong;
        for (uint256 i; i < count; ++i) {
            string memory item = _at(".hashToG2.vectors", i);
            bytes memory message = vm.parseJsonBytes(json, string.concat(item, ".message"));
            sawEmpty = sawEmpty || message.length == 0;
            sawDigest = sawDigest || (message.length == 32 && bytes32(message) == _bytes32(".finality.digest"));
            sawLong = sawLong || message.length > 256;
            bytes memory expected = vm.parseJsonBytes(json, string.concat(item, ".point"));
            assertEq(abi.encode(HashToG2.hashToG2(message)), expected, string.concat("hash of ", item));
        }
        assertTrue(sawEmpty && sawDigest && sawLong, "vectors include the empty, the finality digest and a long one");
    }

    function test_AggregateSignatureVerifies() public view {
        BLS.G1Point memory aggregate = _aggregateKey(type(uint256).max);
        assertEq(abi.encode(aggregate), vm.parseJsonBytes(json, ".finality.aggregatePublicKeyG1"), "aggregate key");
        assertTrue(_verify(aggregate, _bytes32(".finality.digest")), "aggregate signature verifies");
    }

    function test_TamperedDigestIsRejected() public view {
        bytes32 digest = _bytes32(".finality.digest");
        assertFalse(_verify(_aggregateKey(type(uint256).max), digest ^ bytes32(uint256(1))));
        // The finality digest of the same header one height later.
        bytes32 other = _finalityDigest(uint64(_uint(".finality.height") + 1), _bytes32(".finality.headerCommitment"));
        assertFalse(_verify(_aggregateKey(type(uint256).max), other));
    }

    function test_DroppedSignerIsRejected() public view {
        (uint256[] memory signers,,) = _signersAndStake();
        for (uint256 i; i < signers.length; ++i) {
            assertFalse(_verify(_aggregateKey(signers[i]), _bytes32(".finality.digest")));
        }
    }

    function _finalityDigest(uint64 height, bytes32 headerCommitment) internal view returns (bytes32) {
        return keccak256(abi.encode(keccak256("hotshot.finality"), uint64(_uint(".chainId")), height, headerCommitment));
    }

    /// @dev e(aggregate, H(digest)) * e(-G1, signature) == 1, the check HotShot.sol makes.
    function _verify(BLS.G1Point memory aggregate, bytes32 digest) internal view returns (bool) {
        BLS.G1Point[] memory g1 = new BLS.G1Point[](2);
        BLS.G2Point[] memory g2 = new BLS.G2Point[](2);
        g1[0] = aggregate;
        g2[0] = HashToG2.hashToG2(abi.encodePacked(digest));
        g1[1] = BLS.G1Point(NEG_G1_X_A, NEG_G1_X_B, NEG_G1_Y_A, NEG_G1_Y_B);
        g2[1] = abi.decode(vm.parseJsonBytes(json, ".finality.signatureG2"), (BLS.G2Point));
        return BLS.pairing(g1, g2);
    }

    /// @dev Sum of the signers' EIP-2537 public keys, leaving out member `skip`.
    function _aggregateKey(uint256 skip) internal view returns (BLS.G1Point memory sum) {
        (uint256[] memory signers,,) = _signersAndStake();
        bool started;
        for (uint256 i; i < signers.length; ++i) {
            if (signers[i] == skip) continue;
            bytes memory raw =
                vm.parseJsonBytes(json, string.concat(_at(".finality.stakeTable", signers[i]), ".publicKeyG1"));
            BLS.G1Point memory key = abi.decode(raw, (BLS.G1Point));
            sum = started ? BLS.add(sum, key) : key;
            started = true;
        }
    }

    /// @dev Signer indices from the bitmap (bit i of byte i/8, least significant first) and their stake.
    function _signersAndStake() internal view returns (uint256[] memory signers, uint256 signed, uint256 total) {
        bytes memory bitmap = vm.parseJsonBytes(json, ".finality.signers");
        uint256 size = _count(".finality.stakeTable");
        assertEq(bitmap.length, (size + 7) / 8);
        signers = new uint256[](size);
        uint256 n;
        for (uint256 i; i < size; ++i) {
            uint256 stake = _uint(string.concat(_at(".finality.stakeTable", i), ".stake"));
            total += stake;
            if (uint8(bitmap[i / 8]) & (1 << (i % 8)) != 0) {
                signers[n++] = i;
                signed += stake;
            }
        }
        assembly {
            mstore(signers, n)
        }
    }

    function _count(string memory path) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, _at(path, n))) ++n;
    }

    function _at(string memory path, uint256 i) internal pure returns (string memory) {
        return string.concat(path, "[", i.toString(), "]");
    }

    function _uint(string memory path) internal view returns (uint256) {
        return vm.parseJsonUint(json, path);
    }

    function _bytes32(string memory path) internal view returns (bytes32) {
        return vm.parseJsonBytes32(json, path);
    }

    function _bytesArray(string memory path) internal view returns (bytes[] memory) {
        return vm.parseJsonBytesArray(json, path);
    }
}
