import { toHex, type Address, type Hex, type TransactionSerializable } from 'viem';
import type { HeightOutcome } from '../execution/batch-executor';
import { maxCost } from './admission';

/** A transaction as eth_getTransactionByHash answers it (geth's JSON). */
export type RpcTransactionJson = Record<string, unknown>;

/** A transaction this node accepted and forwarded that no executed height has carried yet. */
interface PendingEntry {
  readonly hash: Hex;
  readonly from: Address;
  readonly nonce: number;
  readonly cost: bigint;
  readonly json: RpcTransactionJson;
  readonly acceptedAtMs: number;
}

/** A transaction this node accepted that execution skipped: it gets a receipt with status 0. */
interface SkippedEntry {
  readonly entry: PendingEntry;
  readonly l2Block: number;
  readonly blockHash: Hex;
  readonly index: number;
  readonly reason: string;
}

/** Bounds of the pending pool. */
export interface PendingPoolOptions {
  /** A pending transaction no executed height carried after this long is forgotten (default 10 minutes). */
  readonly ttlMs?: number;
  /** Most pending transactions overall (default 4096) and per sender (default 64). */
  readonly maxEntries?: number;
  readonly maxPerSender?: number;
  /** How many skipped transactions keep their status-0 receipt (default 10,000; oldest forgotten first). */
  readonly maxSkipped?: number;
  readonly now?: () => number;
}

/**
 * The transactions this node accepted at its RPC and forwarded to the sequencer, until an executed height carries
 * them: as geth's pool does, they make up the sender's pending nonce, what it has committed to spend, and what
 * eth_getTransactionByHash answers meanwhile. A transaction execution skips becomes a status-0 receipt at the L2
 * block of the height that skipped it (not listed in that block: nothing ran), so a wallet waiting for it stops.
 */
export class PendingPool {
  private readonly byHash = new Map<Hex, PendingEntry>();
  private readonly bySender = new Map<Address, Map<number, PendingEntry>>();
  private readonly skipped = new Map<Hex, SkippedEntry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxPerSender: number;
  private readonly maxSkipped: number;
  private readonly now: () => number;

  constructor(options: PendingPoolOptions = {}) {
    this.ttlMs = options.ttlMs ?? 600_000;
    this.maxEntries = options.maxEntries ?? 4096;
    this.maxPerSender = options.maxPerSender ?? 64;
    this.maxSkipped = options.maxSkipped ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** How many transactions are pending. */
  get size(): number {
    return this.byHash.size;
  }

  /** Whether a transaction from `from` fits: 'full' when the pool, 'account' when the sender's share, is used up. */
  room(from: Address): 'ok' | 'full' | 'account' {
    this.expire();
    if (this.byHash.size >= this.maxEntries) return 'full';
    return (this.bySender.get(lower(from))?.size ?? 0) >= this.maxPerSender ? 'account' : 'ok';
  }

  /** Whether `hash` is pending or was skipped after this node accepted it. */
  knows(hash: Hex): boolean {
    const key = hash.toLowerCase() as Hex;
    return this.byHash.has(key) || this.skipped.has(key);
  }

  /** The sender's next nonce after its pending transactions that continue `stateNonce` without a gap. */
  nextNonce(from: Address, stateNonce: number): number {
    const own = this.bySender.get(lower(from));
    let next = stateNonce;
    while (own?.has(next)) next++;
    return next;
  }

  /** What the sender's pending transactions from `stateNonce` on may spend at most, wei. */
  pendingCost(from: Address, stateNonce: number): bigint {
    let total = 0n;
    for (const entry of this.bySender.get(lower(from))?.values() ?? [])
      if (entry.nonce >= stateNonce) total += entry.cost;
    return total;
  }

  /** Records a transaction this node accepted and forwarded. */
  add(hash: Hex, from: Address, tx: TransactionSerializable, signed: RpcTransactionJson): void {
    const key = hash.toLowerCase() as Hex;
    const nonce = tx.nonce ?? 0;
    const entry = { hash: key, from: lower(from), nonce, cost: maxCost(tx), json: signed, acceptedAtMs: this.now() };
    this.byHash.set(key, entry);
    let own = this.bySender.get(entry.from);
    if (!own) this.bySender.set(entry.from, (own = new Map()));
    own.set(nonce, entry);
  }

  /** The pending transaction's JSON (no block), or a skipped one's (at the block that skipped it). */
  transaction(hash: Hex): RpcTransactionJson | undefined {
    const key = hash.toLowerCase() as Hex;
    const pending = this.byHash.get(key);
    if (pending) return { ...pending.json, blockHash: null, blockNumber: null, transactionIndex: null };
    const skipped = this.skipped.get(key);
    if (!skipped) return undefined;
    return {
      ...skipped.entry.json,
      blockHash: skipped.blockHash,
      blockNumber: toHex(skipped.l2Block),
      transactionIndex: toHex(skipped.index),
    };
  }

  /** The status-0 receipt of a transaction this node accepted and execution skipped. */
  receipt(hash: Hex): Record<string, unknown> | undefined {
    const skipped = this.skipped.get(hash.toLowerCase() as Hex);
    if (!skipped) return undefined;
    const json = skipped.entry.json;
    return {
      transactionHash: skipped.entry.hash,
      transactionIndex: toHex(skipped.index),
      blockHash: skipped.blockHash,
      blockNumber: toHex(skipped.l2Block),
      from: json.from,
      to: json.to ?? null,
      cumulativeGasUsed: '0x0',
      gasUsed: '0x0',
      effectiveGasPrice: '0x0',
      contractAddress: null,
      logs: [],
      logsBloom: `0x${'00'.repeat(256)}`,
      type: json.type,
      status: '0x0',
    };
  }

  /**
   * Takes an executed height's outcome: its included transactions leave the pool; its skipped ones that this node
   * accepted become status-0 receipts. Returns how many of this node's transactions were skipped.
   */
  settle(outcome: HeightOutcome): number {
    for (const hash of outcome.included) this.remove(hash.toLowerCase() as Hex);
    let ownSkipped = 0;
    outcome.skipped.forEach(({ hash, reason }, i) => {
      const entry = this.remove(hash.toLowerCase() as Hex);
      if (!entry) return;
      ownSkipped++;
      const index = outcome.included.length + i;
      this.skipped.set(entry.hash, { entry, l2Block: outcome.l2Block, blockHash: outcome.blockHash, index, reason });
      if (this.skipped.size > this.maxSkipped) this.skipped.delete(this.skipped.keys().next().value as Hex);
    });
    return ownSkipped;
  }

  private remove(hash: Hex): PendingEntry | undefined {
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    this.byHash.delete(hash);
    const own = this.bySender.get(entry.from);
    if (own?.get(entry.nonce) === entry) own.delete(entry.nonce);
    if (own?.size === 0) this.bySender.delete(entry.from);
    return entry;
  }

  /** Forgets pending transactions older than the TTL: the sequencer lost them, or they will not come back. */
  private expire(): void {
    const oldest = this.now() - this.ttlMs;
    // Map order is insertion order: the oldest come first.
    for (const entry of this.byHash.values()) {
      if (entry.acceptedAtMs > oldest) break;
      this.remove(entry.hash);
    }
  }
}

/** geth's JSON of a signed transaction not yet in a block. */
export function transactionJson(
  hash: Hex,
  from: Address,
  tx: TransactionSerializable & { r?: Hex; s?: Hex; v?: bigint; yParity?: number },
): RpcTransactionJson {
  const types = { legacy: '0x0', eip2930: '0x1', eip1559: '0x2' } as Record<string, string>;
  const feeCap = 'maxFeePerGas' in tx ? tx.maxFeePerGas : undefined;
  const yParity = tx.yParity ?? (tx.v !== undefined ? Number((tx.v - 35n) % 2n) : undefined);
  return {
    hash: hash.toLowerCase(),
    from: from.toLowerCase(),
    to: tx.to?.toLowerCase() ?? null,
    nonce: toHex(tx.nonce ?? 0),
    value: toHex(tx.value ?? 0n),
    input: tx.data ?? '0x',
    gas: toHex(tx.gas ?? 0n),
    gasPrice: toHex(feeCap ?? tx.gasPrice ?? 0n),
    ...(feeCap !== undefined && {
      maxFeePerGas: toHex(feeCap),
      maxPriorityFeePerGas: toHex(('maxPriorityFeePerGas' in tx && tx.maxPriorityFeePerGas) || 0n),
    }),
    ...('accessList' in tx && tx.accessList !== undefined && { accessList: tx.accessList }),
    type: types[tx.type ?? 'legacy'] ?? '0x0',
    ...(tx.chainId !== undefined && { chainId: toHex(tx.chainId) }),
    v: tx.v !== undefined ? toHex(tx.v) : toHex(yParity ?? 0),
    ...(tx.type !== 'legacy' && yParity !== undefined && { yParity: toHex(yParity) }),
    r: tx.r,
    s: tx.s,
  };
}

const lower = (address: Address): Address => address.toLowerCase() as Address;
