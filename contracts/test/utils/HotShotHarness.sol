// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {HotShot} from "../../src/HotShot.sol";

/// @notice HotShot with its certificate check exposed, to measure and test it apart from storage.
contract HotShotHarness is HotShot {
    constructor(uint64 chainId_, StakeTableEntry[] memory entries) HotShot(chainId_, entries) {}

    /// @notice Reverts unless `cert` is a quorum's valid signature over the finality digest of `commitment`.
    function checkCertificate(uint64 height, bytes32 commitment, FinalityCertificate calldata cert) external view {
        _checkCertificate(_state, height, commitment, cert);
    }
}
