// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IVerifier} from "./interfaces/IVerifier.sol";

/// @title MockVerifier
/// @notice A stand-in verifier for the demo: it answers every proof the same way, fixed at deployment. Never use
/// it where the state root matters: with `accepts` true, anyone can set any state root.
contract MockVerifier is IVerifier {
    /// @notice The answer to every proof.
    bool public immutable accepts;

    constructor(bool accepts_) {
        accepts = accepts_;
    }

    /// @inheritdoc IVerifier
    function verify(bytes calldata, bytes32) external view returns (bool) {
        return accepts;
    }
}
