// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Script} from "forge-std/Script.sol";
import {BLS} from "solady/utils/ext/ithaca/BLS.sol";
import {HotShot} from "../src/HotShot.sol";
import {IHotShot} from "../src/interfaces/IHotShot.sol";
import {IVerifier} from "../src/interfaces/IVerifier.sol";
import {MockVerifier} from "../src/MockVerifier.sol";
import {ZkEvmRollup} from "../src/ZkEvmRollup.sol";

/// @notice Deploys HotShot and a ZkEvmRollup from a JSON config:
/// `DEPLOY_CONFIG=script/config/demo.json forge script script/Deploy.s.sol --rpc-url $L1 --broadcast`.
/// @dev Config keys: `chainId` (the sequencer network's),
/// `stakeTable` [{ `publicKeyG1` (128-byte EIP-2537 hex), `stake` (decimal string) }], `rollup` { `namespace`,
/// `startHeight`, `genesisStateRoot`, `verifier` (optional address; a MockVerifier is deployed without one) }.
/// forge may read only the folders foundry.toml's fs_permissions list (script/, test/fixtures/, out/).
contract Deploy is Script {
    /// @notice What the config says to deploy.
    struct Config {
        uint64 chainId;
        IHotShot.StakeTableEntry[] stakeTable;
        uint32 namespace;
        uint64 startHeight;
        bytes32 genesisStateRoot;
        address verifier;
    }

    /// @notice Deploys from the file at $DEPLOY_CONFIG (default script/config/demo.json), broadcasting.
    function run() external returns (HotShot hotShot, ZkEvmRollup rollup, IVerifier verifier) {
        string memory path = vm.envOr("DEPLOY_CONFIG", string("script/config/demo.json"));
        vm.startBroadcast();
        (hotShot, rollup, verifier) = deploy(parse(vm.readFile(path)));
        vm.stopBroadcast();
    }

    /// @notice Deploys the contracts `config` describes.
    function deploy(Config memory config) public returns (HotShot hotShot, ZkEvmRollup rollup, IVerifier verifier) {
        hotShot = new HotShot(config.chainId, config.stakeTable);
        verifier = config.verifier == address(0) ? new MockVerifier(true) : IVerifier(config.verifier);
        rollup = new ZkEvmRollup(hotShot, verifier, config.namespace, config.startHeight, config.genesisStateRoot);
    }

    /// @notice Reads a config. HotShot has no owner: its table changes only by a certified rotation.
    function parse(string memory json) public view returns (Config memory config) {
        config.chainId = uint64(vm.parseJsonUint(json, ".chainId"));
        uint256 size;
        while (vm.keyExistsJson(json, _entryKey(size, ""))) ++size;
        config.stakeTable = new IHotShot.StakeTableEntry[](size);
        for (uint256 i; i < size; ++i) {
            bytes memory key = vm.parseJsonBytes(json, _entryKey(i, ".publicKeyG1"));
            require(key.length == 128, "publicKeyG1 must be 128 bytes (EIP-2537)");
            config.stakeTable[i] = IHotShot.StakeTableEntry({
                publicKey: abi.decode(key, (BLS.G1Point)), stake: vm.parseJsonUint(json, _entryKey(i, ".stake"))
            });
        }
        config.namespace = uint32(vm.parseJsonUint(json, ".rollup.namespace"));
        config.startHeight = uint64(vm.parseJsonUint(json, ".rollup.startHeight"));
        config.genesisStateRoot = vm.parseJsonBytes32(json, ".rollup.genesisStateRoot");
        if (vm.keyExistsJson(json, ".rollup.verifier")) {
            config.verifier = vm.parseJsonAddress(json, ".rollup.verifier");
        }
    }

    function _entryKey(uint256 index, string memory field) internal pure returns (string memory) {
        return string.concat(".stakeTable[", vm.toString(index), "]", field);
    }
}
