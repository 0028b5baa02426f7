// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {BlsTestKeys} from "./utils/BlsTestKeys.sol";
import {HotShotFixture} from "./utils/HotShotFixture.sol";

contract HotShotNewBlocksTest is HotShotFixture {
    function setUp() public {
        // Stakes 10, 20, 30, 40: total 100, quorum 67.
        uint256[] memory stakes = new uint256[](4);
        stakes[0] = 10;
        stakes[1] = 20;
        stakes[2] = 30;
        stakes[3] = 40;
        _deploy(stakes);
    }

    function test_StartsAtGenesis() public view {
        assertEq(hotShot.blockHeight(), 0);
        assertEq(hotShot.commitments(0), Commitments.headerCommitmentOf(Commitments.genesisHeader(CHAIN_ID)));
        assertEq(hotShot.chainId(), CHAIN_ID);
    }

    function test_StoresOneHeader() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        vm.expectEmit(address(hotShot));
        emit IHotShot.NewBlocks(1, 1, headCommitment);
        _store(headers);
        assertEq(hotShot.blockHeight(), 1);
        assertEq(hotShot.commitments(1), Commitments.headerCommitmentOf(headers[0]));
    }

    function test_StoresEveryHeaderOfABatch() public {
        IHotShot.Header[] memory headers = _nextHeaders(5);
        vm.expectEmit(address(hotShot));
        emit IHotShot.NewBlocks(1, 5, headCommitment);
        _store(headers);
        assertEq(hotShot.blockHeight(), 5);
        for (uint256 i; i < 5; ++i) {
            assertEq(hotShot.commitments(uint64(i + 1)), Commitments.headerCommitmentOf(headers[i]));
        }
    }

    function test_ContinuesAcrossCalls() public {
        _store(_nextHeaders(3));
        IHotShot.Header[] memory headers = _nextHeaders(2);
        _store(headers);
        assertEq(hotShot.blockHeight(), 5);
        assertEq(hotShot.commitments(4), Commitments.headerCommitmentOf(headers[0]));
        assertEq(hotShot.commitments(5), headCommitment);
    }

    function test_AcceptsExactQuorum() public {
        // 30 + 40 = 70 >= 67.
        IHotShot.Header[] memory headers = _nextHeaders(1);
        uint256[] memory signers = _range(2, 4);
        hotShot.newBlocks(headers, _certify(headers, signers));
        assertEq(hotShot.blockHeight(), 1);
    }

    function test_RevertWhen_StakeUnderQuorum() public {
        // 10 + 20 + 30 = 60 < 67: one signature short of quorum.
        IHotShot.Header[] memory headers = _nextHeaders(1);
        uint256[] memory signers = _range(0, 3);
        IHotShot.FinalityCertificate memory cert = _certify(headers, signers);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, 60, 67));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_NoSigners() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        cert.signers = new bytes(1);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, 0, 67));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_SignerBitWrong() public {
        // Members 2 and 3 signed, but the bitmap names 1 and 3 (stake 60, under quorum) ...
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certify(headers, _range(2, 4));
        cert.signers = hex"0a";
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, 60, 67));
        hotShot.newBlocks(headers, cert);
        // ... or 0, 2 and 3 (stake 80, a quorum whose keys do not match the signature).
        cert.signers = hex"0d";
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digestOf(headers[0])));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_SignatureOverAnotherDigest() public {
        IHotShot.Header[] memory headers = _nextHeaders(2);
        // Signed the first header instead of the last.
        IHotShot.FinalityCertificate memory cert = _certifyDigest(_digestOf(headers[0]), _range(0, 4));
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digestOf(headers[1])));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_SignatureFromAnotherChain() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        bytes32 commitment = Commitments.headerCommitmentOf(headers[0]);
        bytes32 replayed = Commitments.finalityDigest(CHAIN_ID + 1, 1, commitment);
        IHotShot.FinalityCertificate memory cert = _certifyDigest(replayed, _range(0, 4));
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digestOf(headers[0])));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_SignatureIsNotAPoint() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        cert.signature.y_c0_b = bytes32(uint256(cert.signature.y_c0_b) ^ 1);
        vm.expectRevert(IHotShot.MalformedSignature.selector);
        hotShot.newBlocks(headers, cert);
    }

    function test_MalformedSignatureBurnsBoundedGas() public {
        // The pairing precompile burns what it is given on a bad point: HotShot gives it 300k, not the transaction.
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        cert.signature.x_c0_b = bytes32(uint256(cert.signature.x_c0_b) ^ 1);
        (bool ok, bytes memory reason) =
            address(hotShot).call{gas: 10_000_000}(abi.encodeCall(hotShot.newBlocks, (headers, cert)));
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(IHotShot.MalformedSignature.selector));
        assertLt(vm.lastCallGas().gasTotalUsed, 600_000);
    }

    function test_RevertWhen_SignatureIsInfinity() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        BLS.G2Point memory infinity;
        cert.signature = infinity;
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digestOf(headers[0])));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_BitmapTooShort() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        cert.signers = "";
        vm.expectRevert(abi.encodeWithSelector(IHotShot.SignerBitmapLengthMismatch.selector, 1, 0));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_BitmapTooLong() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        cert.signers = hex"0f00";
        vm.expectRevert(abi.encodeWithSelector(IHotShot.SignerBitmapLengthMismatch.selector, 1, 2));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_BitPastLastMember() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        cert.signers = hex"1f";
        vm.expectRevert(abi.encodeWithSelector(IHotShot.UnknownSigner.selector, 4, 4));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_NoHeaders() public {
        IHotShot.Header[] memory headers = new IHotShot.Header[](0);
        IHotShot.FinalityCertificate memory cert;
        vm.expectRevert(IHotShot.NoHeaders.selector);
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_TooManyHeaders() public {
        IHotShot.Header[] memory headers = new IHotShot.Header[](768);
        IHotShot.FinalityCertificate memory cert;
        vm.expectRevert(abi.encodeWithSelector(IHotShot.TooManyHeaders.selector, 767, 768));
        hotShot.newBlocks(headers, cert);
    }

    function test_StoresMaxHeaders() public {
        IHotShot.Header[] memory headers = _nextHeaders(767);
        _store(headers);
        assertEq(hotShot.blockHeight(), 767);
        assertEq(hotShot.commitments(767), headCommitment);
        assertEq(hotShot.commitments(1), Commitments.headerCommitmentOf(headers[0]));
    }

    function test_RevertWhen_HeightSkipped() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        headers[0].height = 2;
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.UnexpectedHeight.selector, 1, 2));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_HeaderReplayed() public {
        IHotShot.Header[] memory headers = _nextHeaders(2);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        hotShot.newBlocks(headers, cert);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.UnexpectedHeight.selector, 3, 1));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_HeaderOutOfChain() public {
        IHotShot.Header[] memory headers = _nextHeaders(3);
        // The middle header names a parent other than the first header.
        bytes32 forged = keccak256("another parent");
        headers[1].parentCommitment = forged;
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHotShot.ParentCommitmentMismatch.selector, 2, Commitments.headerCommitmentOf(headers[0]), forged
            )
        );
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_FirstHeaderDoesNotContinueStoredChain() public {
        _store(_nextHeaders(1));
        bytes32 stored = headCommitment;
        IHotShot.Header[] memory headers = new IHotShot.Header[](1);
        headers[0] = _header(bytes32(0), 2, Commitments.EMPTY_PAYLOAD_COMMITMENT);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.ParentCommitmentMismatch.selector, 2, stored, bytes32(0)));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_ChainIdDiffers() public {
        IHotShot.Header[] memory headers = _nextHeaders(1);
        headers[0].chainId = CHAIN_ID + 1;
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        vm.expectRevert(abi.encodeWithSelector(IHotShot.WrongChainId.selector, CHAIN_ID, CHAIN_ID + 1));
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_IntermediateHeaderTampered() public {
        IHotShot.Header[] memory headers = _nextHeaders(3);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        bytes32 honest = Commitments.headerCommitmentOf(headers[0]);
        headers[0].timestamp += 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IHotShot.ParentCommitmentMismatch.selector, 2, Commitments.headerCommitmentOf(headers[0]), honest
            )
        );
        hotShot.newBlocks(headers, cert);
    }

    function test_RevertWhen_LastHeaderTampered() public {
        IHotShot.Header[] memory headers = _nextHeaders(2);
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        headers[1].payloadSize = 1;
        vm.expectRevert(abi.encodeWithSelector(IHotShot.InvalidSignature.selector, _digestOf(headers[1])));
        hotShot.newBlocks(headers, cert);
    }

    function testFuzz_AcceptsQuorumsAndRefusesTheRest(uint8 signerMask) public {
        uint256[] memory stakes = new uint256[](4);
        (stakes[0], stakes[1], stakes[2], stakes[3]) = (10, 20, 30, 40);
        uint256 count;
        uint256 signed;
        for (uint256 i; i < 4; ++i) {
            if (signerMask & (1 << i) != 0) {
                ++count;
                signed += stakes[i];
            }
        }
        uint256[] memory signers = new uint256[](count);
        count = 0;
        for (uint256 i; i < 4; ++i) {
            if (signerMask & (1 << i) != 0) signers[count++] = i;
        }
        IHotShot.Header[] memory headers = _nextHeaders(1);
        IHotShot.FinalityCertificate memory cert = _certify(headers, signers);
        cert.signers = abi.encodePacked(uint8(signerMask & 0x0f));
        if (signed < 67) vm.expectRevert(abi.encodeWithSelector(IHotShot.InsufficientStake.selector, signed, 67));
        hotShot.newBlocks(headers, cert);
        assertEq(hotShot.blockHeight(), signed < 67 ? 0 : 1);
    }

    function testFuzz_HashChainOfAnyLength(uint8 first, uint8 second) public {
        uint256 a = bound(first, 1, 40);
        uint256 b = bound(second, 1, 40);
        IHotShot.Header[] memory one = _nextHeaders(a);
        _store(one);
        IHotShot.Header[] memory two = _nextHeaders(b);
        _store(two);
        assertEq(hotShot.blockHeight(), a + b);
        assertEq(hotShot.commitments(uint64(a)), Commitments.headerCommitmentOf(one[a - 1]));
        assertEq(hotShot.commitments(uint64(a + 1)), Commitments.headerCommitmentOf(two[0]));
        assertEq(hotShot.commitments(uint64(a + b)), headCommitment);
        assertEq(hotShot.commitments(uint64(a + b + 1)), bytes32(0));
    }

    function testFuzz_RefusesABrokenLink(uint8 length, uint8 where, bytes32 forged) public {
        uint256 n = bound(length, 2, 20);
        uint256 k = bound(where, 1, n - 1);
        IHotShot.Header[] memory headers = _nextHeaders(n);
        bytes32 honest = headers[k].parentCommitment;
        vm.assume(forged != honest);
        headers[k].parentCommitment = forged;
        IHotShot.FinalityCertificate memory cert = _certifyAll(headers);
        vm.expectRevert(
            abi.encodeWithSelector(IHotShot.ParentCommitmentMismatch.selector, uint64(k + 1), honest, forged)
        );
        hotShot.newBlocks(headers, cert);
    }

    function test_SignatureOfOneMemberVerifies() public {
        // A single member with all the stake: the aggregate is its own key.
        uint256[] memory stakes = new uint256[](1);
        stakes[0] = 5;
        _deploy(stakes);
        IHotShot.Header[] memory headers = _nextHeaders(1);
        uint256[] memory signers = new uint256[](1);
        hotShot.newBlocks(headers, _certify(headers, signers));
        assertEq(hotShot.blockHeight(), 1);
        // And the key is what sk * g1 gives.
        assertEq(hotShot.stakeTable()[0].publicKey.x_b, BlsTestKeys.publicKey(secretKeys[0]).x_b);
    }
}
