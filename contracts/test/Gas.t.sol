// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {console} from "forge-std/console.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {IZkEvmRollup} from "../src/interfaces/IZkEvmRollup.sol";
import {HotShotHarness} from "./utils/HotShotHarness.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @notice The gas targets of the light client, measured on the call alone (`vm.lastCallGas`: execution, without
/// the transaction's 21,000 and calldata). Each figure is logged as `gas <name> <value>` for bench/gas.
contract GasTest is RollupFixture {
    uint256 internal constant CERTIFICATE_TARGET = 200_000;
    uint256 internal constant PER_BLOCK_TARGET = 30_000;

    function test_Gas_CertificateCheckWithinTarget() public {
        uint256 five = _measureCertificateCheck(5, 4);
        uint256 hundred = _measureCertificateCheck(100, 67);
        _log("certificate.check.members=5.signers=4", five);
        _log("certificate.check.members=100.signers=67", hundred);
        assertLe(five, CERTIFICATE_TARGET);
        assertLe(hundred, CERTIFICATE_TARGET);
    }

    function test_Gas_NewBlocksPerBlockWithinTarget() public {
        _deployEqual(5);
        uint256 one = _measureNewBlocks(1);
        uint256 ten = _measureNewBlocks(10);
        uint256 twenty = _measureNewBlocks(20);
        uint256 hundred = _measureNewBlocks(100);
        _log("newBlocks.headers=1", one);
        _log("newBlocks.headers=10", ten);
        _log("newBlocks.headers=20", twenty);
        _log("newBlocks.headers=100", hundred);
        _log("newBlocks.headers=20.perBlock", twenty / 20);
        _log("newBlocks.headers=100.perBlock", hundred / 100);
        assertLe(twenty / 20, PER_BLOCK_TARGET);
    }

    function test_Gas_PhaseOnePerKilobyteBelowItsCalldata() public {
        _deployRollup(true);
        // A first call pays for the rollup's zero state slot turning nonzero: keep it out of the figures.
        rollup.sequenceBatches(_produceUniform(1, 0, 0));
        // One block with 1 KB of our namespace's transactions, then one with 8 KB, in 1 KB transactions.
        IZkEvmRollup.Batch[] memory one = _produceUniform(1, 1, 1024);
        IZkEvmRollup.Batch[] memory eight = _produceUniform(1, 8, 1024);
        rollup.sequenceBatches(one);
        uint256 oneKb = vm.lastCallGas().gasTotalUsed;
        rollup.sequenceBatches(eight);
        uint256 eightKb = vm.lastCallGas().gasTotalUsed;
        assertEq(rollup.sequencedHeight(), 3);
        uint256 perKb = (eightKb - oneKb) / 7;
        _log("sequenceBatches.batches=1.kb=1", oneKb);
        _log("sequenceBatches.batches=1.kb=8", eightKb);
        _log("sequenceBatches.perKB", perKb);
        // Checking a kilobyte must cost far less than carrying it (16 gas per nonzero calldata byte).
        assertLt(perKb, 16 * 1024);
    }

    function test_Gas_PhaseTwoPerHeightBelowASlot() public {
        _deployRollup(true);
        rollup.sequenceBatchCommitments(_commitmentsOf(_produceUniform(1, 0, 0)));
        IZkEvmRollup.Batch[] memory one = _produceUniform(1, 2, 100);
        IZkEvmRollup.Batch[] memory ten = _produceUniform(10, 2, 100);
        rollup.sequenceBatchCommitments(_commitmentsOf(one));
        uint256 single = vm.lastCallGas().gasTotalUsed;
        rollup.sequenceBatchCommitments(_commitmentsOf(ten));
        uint256 tenHeights = vm.lastCallGas().gasTotalUsed;
        assertEq(rollup.sequencedHeight(), 12);
        uint256 perHeight = (tenHeights - single) / 9;
        _log("sequenceBatchCommitments.heights=1", single);
        _log("sequenceBatchCommitments.heights=10", tenHeights);
        _log("sequenceBatchCommitments.perHeight", perHeight);
        // The rollup stores once per call, so a height must cost less than the storage slot it does not use.
        assertLt(perHeight, 22_100);
    }

    /// @dev Gas of the certificate check alone, `signers` of `size` equal members signing.
    function _measureCertificateCheck(uint256 size, uint256 signers) internal returns (uint256) {
        uint256[] memory stakes = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            stakes[i] = 1;
        }
        delete secretKeys;
        HotShotHarness harness = new HotShotHarness(CHAIN_ID, _entries(KEY_SEED, stakes));
        IHotShot.Header[] memory headers = new IHotShot.Header[](1);
        headers[0] = _header(keccak256("parent"), 1, Commitments.EMPTY_PAYLOAD_COMMITMENT);
        IHotShot.FinalityCertificate memory cert = _certify(headers, _range(0, signers));
        harness.checkCertificate(1, Commitments.headerCommitmentOf(headers[0]), cert);
        return vm.lastCallGas().gasTotalUsed;
    }

    /// @dev Gas of one `newBlocks` call storing `count` headers, 4 of the 5 members signing.
    function _measureNewBlocks(uint256 count) internal returns (uint256) {
        IHotShot.Header[] memory headers = _nextHeaders(count);
        IHotShot.FinalityCertificate memory cert = _certify(headers, _range(0, 4));
        hotShot.newBlocks(headers, cert);
        return vm.lastCallGas().gasTotalUsed;
    }

    function _log(string memory name, uint256 gas) internal pure {
        console.log("gas", name, gas);
    }
}
