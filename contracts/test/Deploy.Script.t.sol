// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {HotShot} from "../src/HotShot.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {IVerifier} from "../src/interfaces/IVerifier.sol";
import {Commitments} from "../src/libraries/Commitments.sol";
import {MockVerifier} from "../src/MockVerifier.sol";
import {ZkEvmRollup} from "../src/ZkEvmRollup.sol";
import {Deploy} from "../script/Deploy.s.sol";

contract DeployScriptTest is Test {
    Deploy internal script = new Deploy();

    function test_DeploysTheDemoConfig() public {
        string memory json = vm.readFile("script/config/demo.json");
        Deploy.Config memory config = script.parse(json);
        (HotShot hotShot, ZkEvmRollup rollup, IVerifier verifier) = script.deploy(config);

        assertEq(hotShot.chainId(), 35353);
        assertEq(hotShot.stakeTableEpoch(), 0);
        assertEq(hotShot.commitments(0), Commitments.headerCommitmentOf(Commitments.genesisHeader(35353)));
        IHotShot.StakeTableEntry[] memory table = hotShot.stakeTable();
        assertEq(table.length, 5);
        for (uint256 i; i < table.length; ++i) {
            string memory entry = string.concat(".stakeTable[", vm.toString(i), "]");
            assertEq(abi.encode(table[i].publicKey), vm.parseJsonBytes(json, string.concat(entry, ".publicKeyG1")));
            assertEq(table[i].stake, 1);
        }
        assertEq(address(rollup.hotShot()), address(hotShot));
        assertEq(address(rollup.verifier()), address(verifier));
        assertEq(rollup.namespace(), 1);
        assertEq(rollup.sequencedHeight(), 0);
        assertTrue(MockVerifier(address(verifier)).accepts());
    }

    function test_TakesVerifierAndStartFromTheConfig() public {
        string memory demo = vm.readFile("script/config/demo.json");
        string memory key = vm.toString(vm.parseJsonBytes(demo, ".stakeTable[0].publicKeyG1"));
        address verifier = address(new MockVerifier(false));
        string memory json = string.concat(
            '{"chainId": 7, "stakeTable": [{"publicKeyG1": "',
            key,
            '", "stake": "340282366920938463463374607431768211455"}], "rollup": {"namespace": 9, "startHeight": 5, ',
            '"genesisStateRoot": "0x0000000000000000000000000000000000000000000000000000000000000abc", "verifier": "',
            vm.toString(verifier),
            '"}}'
        );
        (HotShot hotShot, ZkEvmRollup rollup,) = script.deploy(script.parse(json));
        assertEq(hotShot.chainId(), 7);
        assertEq(hotShot.totalStake(), type(uint128).max);
        assertEq(address(rollup.verifier()), verifier);
        assertEq(rollup.namespace(), 9);
        assertEq(rollup.sequencedHeight(), 4);
        assertEq(rollup.stateRoot(), bytes32(uint256(0xabc)));
    }

    function test_RunReadsTheConfigNamedByTheEnvironment() public {
        vm.setEnv("DEPLOY_CONFIG", "script/config/demo.json");
        (HotShot hotShot, ZkEvmRollup rollup,) = script.run();
        assertEq(hotShot.stakeTableSize(), 5);
        assertEq(address(rollup.hotShot()), address(hotShot));
    }

    function test_RevertWhen_KeyIsNotEip2537() public {
        string memory json = '{"chainId": 7, "stakeTable": [{"publicKeyG1": "0x1234", "stake": "1"}], '
            '"rollup": {"namespace": 1, "startHeight": 1, "genesisStateRoot": '
            '"0x0000000000000000000000000000000000000000000000000000000000000000"}}';
        vm.expectRevert(bytes("publicKeyG1 must be 128 bytes (EIP-2537)"));
        script.parse(json);
    }
}
