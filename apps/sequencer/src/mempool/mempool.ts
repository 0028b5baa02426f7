import { transactionHash, type BlockBounds, type Bytes32, type Transaction } from '@hotshot/protocol';
import { MempoolFullError, TransactionRejectedError } from './mempool-errors';

/** Limits of one node's mempool. */
export interface MempoolLimits {
  /** Largest payload accepted, in bytes (the network's maxTxBytes). */
  readonly maxTxBytes: number;
  /** Most transactions waiting at once. */
  readonly maxPendingTxs: number;
  /** Most payload bytes waiting at once. */
  readonly maxPendingBytes: number;
  /** How many decided hashes to remember, so a late duplicate is not sequenced again. */
  readonly decidedMemory: number;
}

/** What submit did with a transaction. */
export type SubmitOutcome = { readonly hash: Bytes32; readonly status: 'added' | 'pending' | 'decided' };

/**
 * Transactions waiting to be sequenced, in arrival order. A transaction stays until a block that contains it is
 * decided; a leader skips those already in the undecided chain it builds on, so none is sequenced twice.
 * No IO: the node's shell feeds it submissions, forwarded transactions and decides.
 */
export class Mempool {
  private readonly pending = new Map<Bytes32, Transaction>();
  private readonly decided = new Set<Bytes32>();
  private pendingBytes = 0;

  constructor(private readonly limits: MempoolLimits) {}

  /** Validates and adds a transaction; a duplicate is reported, not an error. */
  submit(tx: Transaction): SubmitOutcome {
    if (!Number.isInteger(tx.namespace) || tx.namespace < 0 || tx.namespace > 0xffffffff) {
      throw new TransactionRejectedError('namespace must be a uint32', { namespace: tx.namespace });
    }
    if (tx.payload.length > this.limits.maxTxBytes) {
      throw new TransactionRejectedError('transaction exceeds maxTxBytes', {
        maxTxBytes: this.limits.maxTxBytes,
        size: tx.payload.length,
      });
    }
    const hash = transactionHash(tx);
    if (this.decided.has(hash)) return { hash, status: 'decided' };
    if (this.pending.has(hash)) return { hash, status: 'pending' };
    if (
      this.pending.size >= this.limits.maxPendingTxs ||
      this.pendingBytes + tx.payload.length > this.limits.maxPendingBytes
    ) {
      throw new MempoolFullError({
        pendingTxs: this.pending.size,
        maxPendingTxs: this.limits.maxPendingTxs,
        pendingBytes: this.pendingBytes,
        maxPendingBytes: this.limits.maxPendingBytes,
      });
    }
    this.pending.set(hash, tx);
    this.pendingBytes += tx.payload.length;
    return { hash, status: 'added' };
  }

  /**
   * The oldest transactions that fit in one block, skipping `exclude` (those already in the undecided ancestors of
   * the block being built). Stops at the first that would break a bound, so arrival order is kept.
   */
  selectForBlock(bounds: BlockBounds, exclude: ReadonlySet<Bytes32> = new Set()): Transaction[] {
    const selected: Transaction[] = [];
    let bytes = 0;
    for (const [hash, tx] of this.pending) {
      if (exclude.has(hash)) continue;
      if (selected.length >= bounds.maxBlockTxs) break;
      // Namespace payloads add 4 bytes of count per namespace and 4 of length per transaction.
      const cost = tx.payload.length + 8;
      if (bytes + cost > bounds.maxBlockBytes) break;
      selected.push(tx);
      bytes += cost;
    }
    return selected;
  }

  /** Forgets decided transactions and remembers their hashes so duplicates arriving later are not re-sequenced. */
  markDecided(hashes: Iterable<Bytes32>): void {
    for (const hash of hashes) {
      const tx = this.pending.get(hash);
      if (tx) {
        this.pending.delete(hash);
        this.pendingBytes -= tx.payload.length;
      }
      this.decided.add(hash);
    }
    // A Set iterates in insertion order: drop the oldest beyond the memory bound.
    for (const hash of this.decided) {
      if (this.decided.size <= this.limits.decidedMemory) break;
      this.decided.delete(hash);
    }
  }

  /** Whether `hash` is waiting. */
  has(hash: Bytes32): boolean {
    return this.pending.has(hash);
  }

  /** The waiting transactions in arrival order (to re-forward after a leader failed). */
  pendingTransactions(): Transaction[] {
    return [...this.pending.values()];
  }

  get size(): number {
    return this.pending.size;
  }

  get bytes(): number {
    return this.pendingBytes;
  }
}
