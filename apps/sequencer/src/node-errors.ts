import { BaseError, type StakeTableDifference } from '@hotshot/protocol';
import type { GenesisDifference } from './genesis/genesis-check';

/** Seconds a caller is asked to wait before it retries a node that has not joined yet. */
export const NOT_JOINED_RETRY_AFTER_SECONDS = 1;

/** This node's key is not where the broker's stake table says it is: a misconfigured or hostile broker. */
export class StakeTableMismatchError extends BaseError {
  override name = 'StakeTableMismatchError';
}

/**
 * The stake table in the broker's Welcome is not the one this node read from StakeTable.sol on L1: a broker that
 * is misconfigured, reads another block or contract, or lies. The node refuses to run consensus on it.
 */
export class WelcomeDisagreesWithL1Error extends BaseError {
  override name = 'WelcomeDisagreesWithL1Error';
  constructor(difference: StakeTableDifference, source: { address: string; l1Block: bigint }) {
    super(`the stake table in Welcome differs from StakeTable on L1 in its ${difference.field}`, {
      details: {
        field: difference.field,
        ...(difference.index !== undefined && { index: difference.index }),
        l1: difference.expected,
        welcome: difference.got,
        stakeTable: source.address,
        l1Block: source.l1Block.toString(),
      },
    });
  }
}

/**
 * The consensus config or stake table in the broker's Welcome is not the one in this node's --genesis file: the
 * wrong broker, or a lying one. The node refuses to run consensus on it.
 */
export class WelcomeDisagreesWithGenesisError extends BaseError {
  override name = 'WelcomeDisagreesWithGenesisError';
  constructor(difference: GenesisDifference, file: string) {
    super(`Welcome differs from the genesis file in ${difference.field}`, {
      details: {
        field: difference.field,
        ...(difference.index !== undefined && { index: difference.index }),
        genesis: difference.expected,
        welcome: difference.got,
        file,
      },
    });
  }
}

/** The broker welcomed this node to another chain than --chain-id names: the wrong broker, or a lying one. */
export class ChainIdMismatchError extends BaseError {
  override name = 'ChainIdMismatchError';
  constructor(expected: bigint, welcomed: bigint) {
    super('the broker welcomed this node to another chain than --chain-id', {
      details: { expected: expected.toString(), welcomed: welcomed.toString() },
    });
  }
}

/** The node has not joined the network yet, so it has no mempool to take transactions; retry shortly. */
export class NodeNotJoinedError extends BaseError {
  override name = 'NodeNotJoinedError';
  readonly retryAfterSeconds = NOT_JOINED_RETRY_AFTER_SECONDS;
  constructor() {
    super('the node has not joined the network yet; retry shortly');
  }
}
