import type { ConsensusState, DecideProof, RequestLeavesEffect, StoredLeaf } from '@hotshot/consensus';
import { encodeBlockPayload, type BlockPayload, type Bytes32, type Leaf } from '@hotshot/protocol';
import type { AvailabilityStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { NodeMessage } from '../network/node-message';
import { MAX_LEAVES_PER_RESPONSE } from '../network/node-message-codec';

/** Tuning of catch-up. */
export interface CatchupOptions {
  /** How long to wait for a peer's answer before asking another, in ms. */
  readonly requestTimeoutMs: number;
  /** How many peers to try for one request before giving up until consensus asks again. */
  readonly maxAttempts: number;
  /** Payload bytes one response may carry; leaves beyond it go without payload (fetched later). */
  readonly responsePayloadBudget: number;
}

/** How far below the latest decided height a requested leaf is looked for. */
const RECENT_SCAN_HEIGHTS = 512;

export const DEFAULT_CATCHUP_OPTIONS: CatchupOptions = {
  requestTimeoutMs: 2000,
  maxAttempts: 4,
  responsePayloadBudget: 4 * 1024 * 1024,
};

/** What catch-up needs from the node. */
export interface CatchupDeps {
  readonly self: number;
  readonly size: number;
  readonly availability: AvailabilityStore;
  /** The consensus core's current state, for undecided leaves. */
  readonly consensusState: () => ConsensusState;
  readonly send: (to: number, message: NodeMessage) => void;
  /** Hands fetched leaves, and the peer's decide proof if it sent one, to consensus (LeavesFetched). */
  readonly deliver: (leaves: readonly StoredLeaf[], from: number, decideProof?: DecideProof) => void;
  readonly log: Logger;
  readonly options?: Partial<CatchupOptions>;
}

interface PendingRequest {
  readonly effect: RequestLeavesEffect;
  readonly tried: Set<number>;
  timer: NodeJS.Timeout;
}

/**
 * Catch-up after Malachite's ValueSync: when consensus lacks the ancestors of a certified leaf, ask a peer for
 * them, and on silence ask another. Answers go to the core, which checks them exactly as live proposals.
 * Also serves the same requests for peers, from the core's block tree and the decided store.
 */
export class CatchupService {
  private readonly options: CatchupOptions;
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 1;

  constructor(private readonly deps: CatchupDeps) {
    this.options = { ...DEFAULT_CATCHUP_OPTIONS, ...deps.options };
  }

  /** Starts fetching what a RequestLeaves effect names. */
  request(effect: RequestLeavesEffect): void {
    const requestId = this.nextRequestId++;
    const entry: PendingRequest = { effect, tried: new Set(), timer: undefined as unknown as NodeJS.Timeout };
    this.pending.set(requestId, entry);
    this.attempt(requestId, entry, effect.peer);
  }

  private attempt(requestId: number, entry: PendingRequest, preferred?: number): void {
    const peer = this.pickPeer(entry.tried, preferred);
    if (peer === undefined || entry.tried.size >= this.options.maxAttempts) {
      this.pending.delete(requestId);
      this.deps.log.warn('catch-up request unanswered', { leaf: entry.effect.leafCommitment, tried: [...entry.tried] });
      return;
    }
    entry.tried.add(peer);
    const { leafCommitment, view, fromHeight } = entry.effect;
    this.deps.send(peer, { kind: 'leaves-request', requestId, leafCommitment, view, fromHeight });
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.attempt(requestId, entry), this.options.requestTimeoutMs);
    entry.timer.unref();
  }

  private pickPeer(tried: ReadonlySet<number>, preferred?: number): number | undefined {
    if (preferred !== undefined && preferred !== this.deps.self && !tried.has(preferred)) return preferred;
    const candidates: number[] = [];
    for (let i = 0; i < this.deps.size; i++) if (i !== this.deps.self && !tried.has(i)) candidates.push(i);
    return candidates.length ? candidates[Math.floor(Math.random() * candidates.length)] : undefined;
  }

  /** A peer answered; unknown or late answers are still handed over (the core ignores what it does not need). */
  onResponse(from: number, requestId: number, leaves: readonly StoredLeaf[], decideProof?: DecideProof): void {
    const entry = this.pending.get(requestId);
    if (entry) {
      clearTimeout(entry.timer);
      this.pending.delete(requestId);
      if (leaves.length === 0) {
        this.pending.set(requestId, entry);
        this.attempt(requestId, entry);
        return;
      }
    }
    if (leaves.length) this.deps.deliver(leaves, from, decideProof);
  }

  /**
   * Answers a peer's request: the leaf and its ancestors down to `fromHeight`, highest first, and this node's
   * decide proof when its last decided leaf is among them (a peer far behind warm-starts on it).
   */
  async serve(
    from: number,
    request: { requestId: number; leafCommitment: Bytes32; fromHeight: number },
  ): Promise<NodeMessage> {
    const leaves: { leaf: Leaf; payload?: BlockPayload }[] = [];
    let budget = this.options.responsePayloadBudget;
    const take = (leaf: Leaf, payload: BlockPayload | undefined) => {
      const size = payload ? encodeBlockPayload(payload).length : 0;
      if (payload && size <= budget) {
        budget -= size;
        leaves.push({ leaf, payload });
      } else {
        leaves.push({ leaf });
      }
    };
    // Undecided leaves come from the core's block tree, decided ones from storage.
    const state = this.deps.consensusState();
    let cursor = state.leaves.get(request.leafCommitment);
    let nextHeight: number | undefined;
    let coversDecided = false;
    while (cursor && cursor.leaf.header.height >= request.fromHeight && leaves.length < MAX_LEAVES_PER_RESPONSE) {
      take(cursor.leaf, cursor.payload);
      coversDecided ||= cursor.commitment === state.lastDecided.commitment;
      nextHeight = cursor.leaf.header.height - 1;
      cursor = state.leaves.get(cursor.leaf.parentLeafCommitment);
    }
    if (nextHeight === undefined) {
      // The leaf may be decided already: look for it among the recent decided heights.
      const latest = await this.deps.availability.latestHeight();
      const lowest = Math.max(request.fromHeight, (latest ?? 0) - RECENT_SCAN_HEIGHTS);
      for (let h = latest ?? -1; h >= lowest && h >= 0; h--) {
        const block = await this.deps.availability.getBlock(h);
        if (block?.leafCommitment === request.leafCommitment) {
          nextHeight = h;
          break;
        }
      }
    }
    for (let h = nextHeight ?? -1; h >= request.fromHeight && h >= 0 && leaves.length < MAX_LEAVES_PER_RESPONSE; h--) {
      const block = await this.deps.availability.getBlock(h);
      if (!block) break;
      take(block.leaf, block.payload);
    }
    const proof = coversDecided ? state.decideProof : undefined;
    this.deps.log.debug('served catch-up request', { to: from, leaves: leaves.length, decideProof: !!proof });
    return proof
      ? { kind: 'leaves-response', requestId: request.requestId, leaves, decideProof: proof }
      : { kind: 'leaves-response', requestId: request.requestId, leaves };
  }

  /** Cancels every retry timer. */
  stop(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }
}
