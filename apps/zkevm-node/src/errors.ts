import { BaseError } from '@hotshot/protocol';

/** The L2 execution engine (anvil) did not start or stopped answering. */
export class EngineError extends BaseError {
  override name = 'EngineError';
  constructor(reason: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(`the L2 execution engine ${reason}`, { details, cause });
  }
}

/** The engine refused a JSON-RPC call the node depends on. */
export class EngineRpcError extends BaseError {
  override name = 'EngineRpcError';
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`engine call ${method} failed: ${message}`, { details: { method, code } });
  }
}

/** What L1 holds does not continue the chain the node has derived so far. */
export class DerivationGapError extends BaseError {
  override name = 'DerivationGapError';
  constructor(expected: number, got: number, transactionHash: string) {
    super(`L1 sequenced height ${got} where ${expected} was next`, {
      details: { expected, got, transactionHash },
    });
  }
}

/** A sequencing transaction on L1 is not a call the phase I derivation can read. */
export class UnexpectedSequencingCallError extends BaseError {
  override name = 'UnexpectedSequencingCallError';
  constructor(functionName: string, transactionHash: string) {
    super(`the sequencing transaction calls ${functionName}, not sequenceBatches`, {
      details: { functionName, transactionHash },
    });
  }
}

/** The sequencer API does not (yet) serve the data of a height L1 sequenced by commitment. */
export class BatchDataUnavailableError extends BaseError {
  override name = 'BatchDataUnavailableError';
  constructor(height: number, namespace: number) {
    super(`no data for height ${height} in namespace ${namespace}`, { details: { height, namespace } });
  }
}

/** Data served for a height does not match what L1 committed to: never executed. */
export class BatchDataMismatchError extends BaseError {
  override name = 'BatchDataMismatchError';
  constructor(height: number, what: string, expected: string, got: string) {
    super(`the data served for height ${height} does not match L1's ${what}`, { details: { height, expected, got } });
  }
}

/**
 * L1 contradicts what the node executed: the accumulated input hash of a sequenced range (other headers or other
 * namespace data than the node executed) or a state root posted with a proof. Never healed by waiting: the node stops.
 */
export class ReconciliationError extends BaseError {
  override name = 'ReconciliationError';
  constructor(height: number, disagreement: string, details: Record<string, unknown> = {}) {
    super(`L1 disagrees with this node at height ${height}: ${disagreement}`, { details: { height, ...details } });
  }
}

/** The node executed heights out of order: a bug, never a peer's doing. */
export class ExecutionOrderError extends BaseError {
  override name = 'ExecutionOrderError';
  constructor(expected: number, got: number) {
    super(`height ${got} executed where ${expected} was next`, { details: { expected, got } });
  }
}

/**
 * The engine's pool or its mined block holds a transaction no sequenced height carried: the L2 block would not be
 * the rollup's. Never healed by waiting: the node stops rather than post or serve a state no other node computes.
 */
export class UnsequencedTransactionError extends BaseError {
  override name = 'UnsequencedTransactionError';
  constructor(height: number, where: 'pool' | 'block', hashes: readonly string[]) {
    super(`the engine's ${where} at height ${height} holds transactions no sequenced height carried`, {
      details: { height, where, hashes: hashes.slice(0, 8), count: hashes.length },
    });
  }
}
