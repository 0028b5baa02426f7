import { BaseError } from '@hotshot/protocol';

/** Reading the network's stake table from StakeTable.sol failed; the subclass says why. */
export class L1StakeTableError extends BaseError {
  override name = 'L1StakeTableError';
}

/** The L1 did not answer (connection refused, timeout, an RPC error): maybe transient, the read can be retried. */
export class StakeTableUnreachableError extends L1StakeTableError {
  override name = 'StakeTableUnreachableError';
  constructor(url: string, cause: unknown) {
    super('the L1 did not answer a stake table read', { details: { url }, cause });
  }
}

/** No contract at the StakeTable address at the block read: a wrong address, chain or block. */
export class StakeTableNotDeployedError extends L1StakeTableError {
  override name = 'StakeTableNotDeployedError';
  constructor(address: string, blockNumber: bigint) {
    super('no contract at the StakeTable address at this L1 block', {
      details: { address, blockNumber: blockNumber.toString() },
    });
  }
}

/** The contract at the address answered something that is not StakeTable.sol's active set (another contract, garbage). */
export class StakeTableBadAnswerError extends L1StakeTableError {
  override name = 'StakeTableBadAnswerError';
  constructor(address: string, blockNumber: bigint, reason: string, cause?: unknown) {
    super(`the StakeTable contract answered garbage: ${reason}`, {
      details: { address, blockNumber: blockNumber.toString() },
      cause,
    });
  }
}

/** The block asked for is above the L1's finalized block: a table read there could still change. */
export class StakeTableBlockNotFinalizedError extends L1StakeTableError {
  override name = 'StakeTableBlockNotFinalizedError';
  constructor(blockNumber: bigint, finalized: bigint) {
    super('the L1 block of the stake table is not finalized yet', {
      details: { blockNumber: blockNumber.toString(), finalized: finalized.toString() },
    });
  }
}

/** A registration transaction was mined but reverted. */
export class RegistrationFailedError extends BaseError {
  override name = 'RegistrationFailedError';
  constructor(transactionHash: string) {
    super('the StakeTable registration reverted', { details: { transactionHash } });
  }
}
