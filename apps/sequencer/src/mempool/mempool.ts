import { BaseError, transactionHash, type BlockBounds, type Bytes32, type Transaction } from '@hotshot/protocol';
import {
  BatchRefusedError,
  MempoolFullError,
  MempoolShareExceededError,
  TransactionRejectedError,
  type BatchRefusal,
} from './mempool-errors';
import { ContentIndex } from './content-index';

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
  /** Fraction in (0, 1] of `maxPendingTxs` and of `maxPendingBytes` one namespace may hold; default 1. */
  readonly namespaceShare?: number;
  /** Fraction in (0, 1] of `maxPendingTxs` and of `maxPendingBytes` one submitter may hold; default 1. */
  readonly submitterShare?: number;
}

/** Who handed the mempool a transaction: an API client (by address) or a member that forwarded it (by index). */
export type Submitter = { readonly client: string } | { readonly member: number };

/** Why the mempool refused a transaction (a metric label). */
export type MempoolRefusalReason = 'invalid' | 'too_large' | 'pool_full' | 'namespace_share' | 'submitter_share';

/** What submit did with a transaction. */
export type SubmitOutcome = { readonly hash: Bytes32; readonly status: 'added' | 'pending' | 'decided' };

/** Observers of a mempool (metrics). */
export interface MempoolHooks {
  /** Called once per refused transaction, before the error is thrown. */
  readonly onRefused?: (reason: MempoolRefusalReason, from: Submitter) => void;
}

interface Entry {
  readonly tx: Transaction;
  readonly owner: string;
}

interface Usage {
  txs: number;
  bytes: number;
}

const UNKNOWN_SUBMITTER: Submitter = { client: 'unknown' };

/** The key under which a submitter's share is counted. */
export function submitterKey(from: Submitter): string {
  return 'client' in from ? `client:${from.client}` : `member:${from.member}`;
}

/**
 * Transactions waiting to be sequenced, in arrival order. A transaction stays until a block that contains it is
 * decided; a leader skips those already in the undecided chain it builds on, so none is sequenced twice.
 *
 * Capacity is shared: one submitter (an API client address, or a member forwarding its clients' transactions)
 * and one namespace may each hold at most their share of the count and byte bounds, so a single flooder or a
 * single busy rollup cannot lock everyone else out. Over its share a submitter gets MempoolShareExceededError
 * (429); when the pool as a whole is full, everyone gets MempoolFullError (503).
 * No IO: the node's shell feeds it submissions, forwarded transactions and decides.
 */
export class Mempool {
  private readonly pending = new Map<Bytes32, Entry>();
  private readonly content = new ContentIndex();
  private readonly decided = new Set<Bytes32>();
  private readonly bySubmitter = new Map<string, Usage>();
  private readonly byNamespace = new Map<number, Usage>();
  private pendingBytes = 0;
  private readonly addedListeners = new Set<() => void>();
  private addedNoticeScheduled = false;
  /** Undefined when the share is the whole pool: then only the pool's bounds apply (503, not 429). */
  private readonly namespaceCap: Usage | undefined;
  private readonly submitterCap: Usage | undefined;

  constructor(
    private readonly limits: MempoolLimits,
    private readonly hooks: MempoolHooks = {},
  ) {
    this.namespaceCap = shareOf(limits, limits.namespaceShare ?? 1);
    this.submitterCap = shareOf(limits, limits.submitterShare ?? 1);
  }

  /**
   * Validates and adds a transaction from `from`; a duplicate is reported, not an error. `hash` may be given
   * when the caller computed it already (each transaction is hashed once per node).
   */
  submit(tx: Transaction, from: Submitter = UNKNOWN_SUBMITTER, hash?: Bytes32): SubmitOutcome {
    this.validate(tx, from);
    const id = hash ?? transactionHash(tx);
    const known = this.lookup(id);
    if (known) return { hash: id, status: known };
    const owner = submitterKey(from);
    this.checkRoom(tx.namespace, tx.payload.length, from, {
      submitter: this.bySubmitter.get(owner),
      namespace: this.byNamespace.get(tx.namespace),
      pool: { txs: this.pending.size, bytes: this.pendingBytes },
    });
    this.add(id, tx, owner);
    return { hash: id, status: 'added' };
  }

  /**
   * Adds every transaction of `batch` from `from`, or none: each is checked as `submit` would check it with the
   * batch's earlier transactions already added, and if any is refused, BatchRefusedError names every refused
   * one (by position) and the mempool is left as it was. Duplicates (of what waits, was decided, or came earlier
   * in the batch) are reported as `submit` reports them.
   */
  submitBatch(
    batch: readonly { readonly tx: Transaction; readonly hash?: Bytes32 }[],
    from: Submitter = UNKNOWN_SUBMITTER,
  ): SubmitOutcome[] {
    const owner = submitterKey(from);
    // What the pool would hold with the batch's accepted transactions added, without changing it yet.
    const submitter = { ...(this.bySubmitter.get(owner) ?? { txs: 0, bytes: 0 }) };
    const namespaces = new Map<number, Usage>();
    const pool = { txs: this.pending.size, bytes: this.pendingBytes };
    const accepted = new Map<Bytes32, Transaction>();
    const outcomes: SubmitOutcome[] = [];
    const refusals: BatchRefusal[] = [];
    for (const [index, { tx, hash }] of batch.entries()) {
      try {
        this.validate(tx, from);
        const id = hash ?? transactionHash(tx);
        const known = this.lookup(id) ?? (accepted.has(id) ? 'pending' : undefined);
        if (known) {
          outcomes.push({ hash: id, status: known });
          continue;
        }
        let namespace = namespaces.get(tx.namespace);
        if (!namespace) {
          namespace = { ...(this.byNamespace.get(tx.namespace) ?? { txs: 0, bytes: 0 }) };
          namespaces.set(tx.namespace, namespace);
        }
        const size = tx.payload.length;
        this.checkRoom(tx.namespace, size, from, { submitter, namespace, pool });
        for (const usage of [submitter, namespace, pool]) {
          usage.txs++;
          usage.bytes += size;
        }
        accepted.set(id, tx);
        outcomes.push({ hash: id, status: 'added' });
      } catch (error) {
        if (!(error instanceof BaseError)) throw error;
        refusals.push({ index, error });
      }
    }
    if (refusals.length > 0) throw new BatchRefusedError(refusals, batch.length);
    for (const [id, tx] of accepted) this.add(id, tx, owner);
    return outcomes;
  }

  /** Refuses a transaction no mempool may take (bad namespace, over maxTxBytes), counting the refusal. */
  private validate(tx: Transaction, from: Submitter): void {
    if (!Number.isInteger(tx.namespace) || tx.namespace < 0 || tx.namespace > 0xffffffff) {
      this.hooks.onRefused?.('invalid', from);
      throw new TransactionRejectedError('namespace must be a uint32', { namespace: tx.namespace });
    }
    const size = tx.payload.length;
    if (size > this.limits.maxTxBytes) {
      this.hooks.onRefused?.('too_large', from);
      throw new TransactionRejectedError('transaction exceeds maxTxBytes', {
        maxTxBytes: this.limits.maxTxBytes,
        size,
      });
    }
  }

  /**
   * Refuses a transaction of `size` bytes in `namespace` when its submitter or namespace holds its whole share,
   * or the pool is full, given what they hold (`usage`); counts the refusal.
   */
  private checkRoom(
    namespace: number,
    size: number,
    from: Submitter,
    usage: { readonly submitter?: Usage; readonly namespace?: Usage; readonly pool: Usage },
  ): void {
    if (this.submitterCap && exceeds(usage.submitter, size, this.submitterCap)) {
      this.hooks.onRefused?.('submitter_share', from);
      throw new MempoolShareExceededError('submitter', {
        pendingTxs: usage.submitter!.txs,
        pendingBytes: usage.submitter!.bytes,
        maxTxs: this.submitterCap.txs,
        maxBytes: this.submitterCap.bytes,
      });
    }
    if (this.namespaceCap && exceeds(usage.namespace, size, this.namespaceCap)) {
      this.hooks.onRefused?.('namespace_share', from);
      throw new MempoolShareExceededError('namespace', {
        namespace,
        pendingTxs: usage.namespace!.txs,
        pendingBytes: usage.namespace!.bytes,
        maxTxs: this.namespaceCap.txs,
        maxBytes: this.namespaceCap.bytes,
      });
    }
    if (usage.pool.txs >= this.limits.maxPendingTxs || usage.pool.bytes + size > this.limits.maxPendingBytes) {
      this.hooks.onRefused?.('pool_full', from);
      throw new MempoolFullError({
        pendingTxs: usage.pool.txs,
        maxPendingTxs: this.limits.maxPendingTxs,
        pendingBytes: usage.pool.bytes,
        maxPendingBytes: this.limits.maxPendingBytes,
      });
    }
  }

  /**
   * Calls `listener` once, after the next transaction (or batch) is added; returns a function that cancels it.
   * Listeners run in a microtask, so a batch is whole in the pool before anyone reads it.
   */
  onNextAdded(listener: () => void): () => void {
    this.addedListeners.add(listener);
    return () => this.addedListeners.delete(listener);
  }

  private add(id: Bytes32, tx: Transaction, owner: string): void {
    const size = tx.payload.length;
    this.pending.set(id, { tx, owner });
    this.content.add(id, tx);
    this.pendingBytes += size;
    charge(this.bySubmitter, owner, size);
    charge(this.byNamespace, tx.namespace, size);
    if (this.addedListeners.size > 0 && !this.addedNoticeScheduled) {
      this.addedNoticeScheduled = true;
      queueMicrotask(() => {
        this.addedNoticeScheduled = false;
        const listeners = [...this.addedListeners];
        this.addedListeners.clear();
        for (const listener of listeners) listener();
      });
    }
  }

  /** Whether `hash` is waiting or was decided recently, from memory only (no database). */
  lookup(hash: Bytes32): 'pending' | 'decided' | undefined {
    if (this.decided.has(hash)) return 'decided';
    if (this.pending.has(hash)) return 'pending';
    return undefined;
  }

  /**
   * The oldest transactions that fit in one block, skipping `exclude` (those already in the undecided ancestors of
   * the block being built). Stops at the first that would break a bound, so arrival order is kept.
   */
  selectForBlock(bounds: BlockBounds, exclude: ReadonlySet<Bytes32> = new Set()): Transaction[] {
    const selected: Transaction[] = [];
    let bytes = 0;
    for (const [hash, { tx }] of this.pending) {
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
      const entry = this.pending.get(hash);
      if (entry) {
        this.pending.delete(hash);
        this.content.remove(hash, entry.tx);
        const size = entry.tx.payload.length;
        this.pendingBytes -= size;
        release(this.bySubmitter, entry.owner, size);
        release(this.byNamespace, entry.tx.namespace, size);
      }
      this.decided.add(hash);
    }
    // A Set iterates in insertion order: drop the oldest beyond the memory bound.
    for (const hash of this.decided) {
      if (this.decided.size <= this.limits.decidedMemory) break;
      this.decided.delete(hash);
    }
  }

  /**
   * The hash this pool computed when `tx` arrived, if a transaction with exactly its namespace and bytes is waiting
   * (blockTransactionHashes' `known`): a block's transactions are then not hashed a second time.
   */
  knownHash(tx: Transaction): Bytes32 | undefined {
    return this.content.hashOf(tx);
  }

  /** Whether `hash` is waiting. */
  has(hash: Bytes32): boolean {
    return this.pending.has(hash);
  }

  /** The waiting transactions in arrival order (to re-forward after a leader failed). */
  pendingTransactions(): Transaction[] {
    return [...this.pending.values()].map((entry) => entry.tx);
  }

  get size(): number {
    return this.pending.size;
  }

  get bytes(): number {
    return this.pendingBytes;
  }

  /** Transactions and bytes `from` has waiting. */
  usageOf(from: Submitter): { readonly txs: number; readonly bytes: number } {
    return { ...(this.bySubmitter.get(submitterKey(from)) ?? { txs: 0, bytes: 0 }) };
  }
}

/** A share of the pool's bounds, never below one transaction of the largest size; undefined for the whole. */
function shareOf(limits: MempoolLimits, share: number): Usage | undefined {
  if (!(share > 0 && share <= 1)) throw new RangeError(`a mempool share must be in (0, 1], got ${share}`);
  if (share === 1) return undefined;
  return {
    txs: Math.max(1, Math.floor(limits.maxPendingTxs * share)),
    bytes: Math.max(Math.min(limits.maxTxBytes, limits.maxPendingBytes), Math.floor(limits.maxPendingBytes * share)),
  };
}

/** Whether one more transaction of `size` passes `cap`; the first is always within a share (see shareOf). */
function exceeds(usage: Usage | undefined, size: number, cap: Usage): boolean {
  return usage !== undefined && usage.txs > 0 && (usage.txs >= cap.txs || usage.bytes + size > cap.bytes);
}

function charge<K>(usages: Map<K, Usage>, key: K, size: number): void {
  const usage = usages.get(key);
  if (usage) {
    usage.txs++;
    usage.bytes += size;
  } else usages.set(key, { txs: 1, bytes: size });
}

function release<K>(usages: Map<K, Usage>, key: K, size: number): void {
  const usage = usages.get(key);
  if (!usage) return;
  usage.txs--;
  usage.bytes -= size;
  // Forget idle submitters, so the maps stay as small as what is waiting.
  if (usage.txs === 0) usages.delete(key);
}
