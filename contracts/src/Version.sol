// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Proves the toolchain end to end: solc-js through the wrapper, forge-std and solady remappings.
library Version {
    /// @notice The L1 contracts' interface version; bumped when an ABI changes.
    function current() internal pure returns (uint64) {
        return 1;
    }
}
