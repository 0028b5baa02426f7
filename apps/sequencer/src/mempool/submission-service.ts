import { transactionHash, type Bytes32, type Transaction } from '@hotshot/protocol';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { Mempool, SubmitOutcome, Submitter } from './mempool';
import { BatchRefusedError } from './mempool-errors';

/** What the submission service needs: the mempool, the decided-transaction index, the forwarder and metrics. */
export interface SubmissionDeps {
  readonly mempool: Mempool;
  /** The stored index of decided transactions, which survives restarts (the mempool remembers recent ones only). */
  readonly decided: { getTransaction(hash: Bytes32): Promise<{ readonly hash: Bytes32 } | undefined> };
  /** Sends a transaction this node accepted from a client on to the upcoming leaders. */
  readonly forwarder: { forward(tx: Transaction): void };
  readonly metrics: Pick<NodeMetrics, 'submitted' | 'mempoolTransactions'>;
}

/**
 * How transactions enter this node: from clients (single or batch, counted and forwarded to the next leaders)
 * and from peers that forwarded theirs. Duplicates of what waits or was decided are answered without adding.
 */
export class SubmissionService {
  constructor(private readonly deps: SubmissionDeps) {}

  /** Takes a transaction from the API (`from` is the client): into the mempool, then to the upcoming leaders. */
  async submit(tx: Transaction, from: Submitter): Promise<SubmitOutcome> {
    const { mempool, metrics } = this.deps;
    let outcome: SubmitOutcome;
    try {
      // Hashed once here; transactionHash also refuses a namespace outside uint32.
      const hash = transactionHash(tx);
      // A duplicate of what is waiting or was decided recently is answered from memory, without the database.
      const known = mempool.lookup(hash);
      if (known) {
        metrics.submitted.inc({ outcome: known });
        return { hash, status: known };
      }
      // The mempool remembers recent decides in memory only; the stored index survives restarts.
      const decided = await this.deps.decided.getTransaction(hash);
      if (decided) {
        metrics.submitted.inc({ outcome: 'decided' });
        return { hash: decided.hash, status: 'decided' };
      }
      outcome = mempool.submit(tx, from, hash);
    } catch (error) {
      metrics.submitted.inc({ outcome: 'refused' });
      throw error;
    }
    metrics.submitted.inc({ outcome: outcome.status });
    if (outcome.status === 'added') this.deps.forwarder.forward(tx);
    metrics.mempoolTransactions.set(mempool.size);
    return outcome;
  }

  /**
   * Takes several transactions from the API (`from` is the client), all or none: each is checked as `submit`
   * checks it, and if the mempool refuses any, BatchRefusedError names each refused one (by its position in
   * `txs`) and nothing is added.
   */
  async submitBatch(txs: readonly Transaction[], from: Submitter): Promise<SubmitOutcome[]> {
    const { mempool, metrics } = this.deps;
    const outcomes: SubmitOutcome[] = [];
    const fresh: { tx: Transaction; hash: Bytes32; index: number }[] = [];
    try {
      for (const [index, tx] of txs.entries()) {
        const hash = transactionHash(tx);
        // As in submit: memory first, then the stored index, which survives restarts.
        const known = mempool.lookup(hash) ?? ((await this.deps.decided.getTransaction(hash)) && 'decided');
        if (known) outcomes[index] = { hash, status: known };
        else fresh.push({ tx, hash, index });
      }
      // No await from here on: the mempool's check of the whole batch and its additions are one step.
      mempool.submitBatch(fresh, from).forEach((outcome, i) => (outcomes[fresh[i]!.index] = outcome));
    } catch (error) {
      metrics.submitted.inc({ outcome: 'refused' }, txs.length);
      // Refusals name positions in `fresh`; the client knows positions in its batch.
      if (error instanceof BatchRefusedError) {
        const refusals = error.refusals.map((refusal) => ({ ...refusal, index: fresh[refusal.index]!.index }));
        throw new BatchRefusedError(refusals, txs.length);
      }
      throw error;
    }
    for (const [index, outcome] of outcomes.entries()) {
      metrics.submitted.inc({ outcome: outcome.status });
      if (outcome.status === 'added') this.deps.forwarder.forward(txs[index]!);
    }
    metrics.mempoolTransactions.set(mempool.size);
    return outcomes;
  }

  /**
   * Takes the transactions a member forwarded: duplicates are skipped, and one this mempool cannot take stays
   * with the node that accepted it (the mempool counts the refusal by reason). Never forwarded again.
   */
  async acceptForwarded(from: number, transactions: readonly Transaction[]): Promise<void> {
    const { mempool } = this.deps;
    for (const tx of transactions) {
      const hash = transactionHash(tx);
      // Memory first: a duplicate costs no database read.
      if (mempool.lookup(hash)) continue;
      // A replayed or resubmitted transaction that is already decided must not be sequenced again.
      if (await this.deps.decided.getTransaction(hash)) continue;
      try {
        mempool.submit(tx, { member: from }, hash);
      } catch {
        // Refused: the mempool counted it by reason; the forwarding node keeps its own copy.
      }
    }
  }
}
