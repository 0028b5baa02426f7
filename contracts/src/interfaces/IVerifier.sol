// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IVerifier
/// @notice A validity-proof verifier for a rollup's state transition.
interface IVerifier {
    /// @notice Whether `proof` proves the statement committed to by `publicInputHash`.
    function verify(bytes calldata proof, bytes32 publicInputHash) external view returns (bool);
}
