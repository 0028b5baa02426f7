// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IZkEvmRollup} from "../src/interfaces/IZkEvmRollup.sol";
import {IVerifier} from "../src/interfaces/IVerifier.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @notice `verifyBatches`: validity proofs move the verified state along sequence boundaries.
contract ZkEvmRollupVerifyTest is RollupFixture {
    bytes32 internal constant NEW_ROOT = keccak256("state after 3");
    bytes32 internal acc3;

    function setUp() public {
        _deployRollup(true);
        IZkEvmRollup.Batch[] memory batches = _produceUniform(3, 1, 16);
        rollup.sequenceBatches(batches);
        acc3 = _accumulate(bytes32(0), batches);
    }

    function test_VerifiesUpToASequenceBoundary() public {
        bytes32 input = _expectedInput(0, 3, bytes32(0), acc3, GENESIS_STATE_ROOT, NEW_ROOT);
        assertEq(rollup.publicInputHash(3, NEW_ROOT), input);
        vm.expectCall(address(verifier), abi.encodeCall(IVerifier.verify, (hex"c0ffee", input)));
        vm.expectEmit(address(rollup));
        emit IZkEvmRollup.BatchesVerified(3, NEW_ROOT);
        rollup.verifyBatches(3, NEW_ROOT, hex"c0ffee");
        assertEq(rollup.verifiedHeight(), 3);
        assertEq(rollup.stateRoot(), NEW_ROOT);
    }

    function test_NextProofStartsFromTheVerifiedState() public {
        rollup.verifyBatches(3, NEW_ROOT, "");
        IZkEvmRollup.Batch[] memory batches = _produceUniform(2, 1, 16);
        rollup.sequenceBatches(batches);
        bytes32 acc5 = _accumulate(acc3, batches);
        bytes32 root5 = keccak256("state after 5");
        assertEq(rollup.publicInputHash(5, root5), _expectedInput(3, 5, acc3, acc5, NEW_ROOT, root5));
        rollup.verifyBatches(5, root5, "");
        assertEq(rollup.verifiedHeight(), 5);
    }

    function test_RevertWhen_AlreadyVerified() public {
        rollup.verifyBatches(3, NEW_ROOT, "");
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.AlreadyVerified.selector, 3, 3));
        rollup.verifyBatches(3, NEW_ROOT, "");
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.AlreadyVerified.selector, 0, 3));
        rollup.verifyBatches(0, NEW_ROOT, "");
    }

    function test_RevertWhen_NotSequenced() public {
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.NotSequenced.selector, 4, 3));
        rollup.verifyBatches(4, NEW_ROOT, "");
    }

    function test_RevertWhen_NotASequenceBoundary() public {
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.NotASequenceBoundary.selector, 2));
        rollup.verifyBatches(2, NEW_ROOT, "");
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.NotASequenceBoundary.selector, 2));
        rollup.publicInputHash(2, NEW_ROOT);
    }

    function test_RevertWhen_ProofRefused() public {
        _deployRollup(false);
        IZkEvmRollup.Batch[] memory batches = _produceUniform(1, 1, 16);
        rollup.sequenceBatches(batches);
        bytes32 input = rollup.publicInputHash(1, NEW_ROOT);
        vm.expectRevert(abi.encodeWithSelector(IZkEvmRollup.InvalidProof.selector, input));
        rollup.verifyBatches(1, NEW_ROOT, "");
        assertEq(rollup.verifiedHeight(), 0);
        assertEq(rollup.stateRoot(), GENESIS_STATE_ROOT);
    }

    function _expectedInput(uint64 from, uint64 to, bytes32 oldAcc, bytes32 newAcc, bytes32 oldRoot, bytes32 newRoot)
        internal
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(rollup), from, to, oldAcc, newAcc, oldRoot, newRoot));
    }
}
