import { BaseError } from '@hotshot/protocol';

/** A forge artifact that bindings are generated from is missing or unusable. */
export class ArtifactError extends BaseError {
  override name = 'ArtifactError';
  constructor(path: string, reason: string, cause?: unknown) {
    super(`forge artifact ${path} ${reason}`, { details: { path }, cause });
  }
}

/** A deployment transaction did not create its contract. */
export class DeploymentFailedError extends BaseError {
  override name = 'DeploymentFailedError';
  constructor(contract: string, transactionHash: string, cause?: unknown) {
    super(`deploying ${contract} failed`, { details: { contract, transactionHash }, cause });
  }
}

/** A finality certificate does not certify the last header it is sent with. */
export class CertificateMismatchError extends BaseError {
  override name = 'CertificateMismatchError';
  constructor(details: {
    certificateHeight: number;
    headerHeight: number;
    certificateCommitment: string;
    headerCommitment: string;
  }) {
    super('the certificate is not over the last header', { details });
  }
}

/** A list that must not be empty was empty. */
export class NothingToEncodeError extends BaseError {
  override name = 'NothingToEncodeError';
  constructor(what: string) {
    super(`no ${what} to encode`, { details: { what } });
  }
}

/** A point that should be in EIP-2537 encoding has the wrong length. */
export class InvalidPointEncodingError extends BaseError {
  override name = 'InvalidPointEncodingError';
  constructor(group: 'G1' | 'G2', bytes: number) {
    super(`an EIP-2537 ${group} point must be ${group === 'G1' ? 128 : 256} bytes`, { details: { group, bytes } });
  }
}

/** Anvil did not start, or stopped before it said where it listens. */
export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError';
  constructor(reason: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(`anvil did not start: ${reason}`, { details, cause });
  }
}

/** The deployment file is missing, unreadable or lacks a field. */
export class DeploymentFileError extends BaseError {
  override name = 'DeploymentFileError';
  constructor(path: string, reason: string, cause?: unknown) {
    super(`deployment file ${path} ${reason}`, { details: { path }, cause });
  }
}

/** No usable L1 private key was given. */
export class PrivateKeyError extends BaseError {
  override name = 'PrivateKeyError';
  constructor(reason: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(`no usable L1 private key: ${reason}`, { details, cause });
  }
}

/** A call would cost more gas than the configured budget. */
export class GasBudgetExceededError extends BaseError {
  override name = 'GasBudgetExceededError';
  constructor(
    readonly estimate: bigint,
    readonly budget: bigint,
  ) {
    super('the call needs more gas than the budget', { details: { estimate, budget } });
  }
}

/** A contract call reverted, in simulation or on chain; `errorName` and `args` come from the contract's ABI. */
export class ContractRevertError extends BaseError {
  override name = 'ContractRevertError';
  constructor(
    readonly functionName: string,
    readonly errorName: string,
    readonly args: Readonly<Record<string, unknown>>,
    options: { transactionHash?: string; cause?: unknown } = {},
  ) {
    super(`${functionName} reverted with ${errorName}`, {
      details: { errorName, ...args, ...(options.transactionHash && { transactionHash: options.transactionHash }) },
      cause: options.cause,
    });
  }
}

/** The deployed contracts do not match what the caller was configured for (another namespace or network). */
export class DeploymentMismatchError extends BaseError {
  override name = 'DeploymentMismatchError';
  constructor(what: string, expected: unknown, got: unknown) {
    super(`the deployment's ${what} is not the configured one`, { details: { what, expected, got } });
  }
}
