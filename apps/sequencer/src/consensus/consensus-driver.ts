import {
  initialState,
  messageInput,
  step,
  type ConsensusContext,
  type ConsensusEffect,
  type ConsensusInput,
  type ConsensusMessage,
  type ConsensusState,
  type DecideEffect,
  type PersistedConsensusState,
  type RequestLeavesEffect,
  type SignRequest,
} from '@hotshot/consensus';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  BaseError,
  blockTransactionHashes,
  buildBlockPayload,
  headerCommitment,
  type BlockPayload,
  type Bytes32,
} from '@hotshot/protocol';
import {
  SafetyViolationError,
  type ActionRecord,
  type AvailabilityStore,
  type DecidedBlock,
  type SafetyStore,
} from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { Mempool } from '../mempool/mempool';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { NodeSigning } from '../signing/node-signing';
import type { ConsensusSender } from './consensus-sender';
import { signMessage } from './message-signing';
import { PayloadPersistence } from './payload-persistence';

/** Storing consensus state or decided blocks failed: the node cannot go on safely and must stop. */
export class StorageFailureError extends BaseError {
  override name = 'StorageFailureError';
  constructor(effect: 'Persist' | 'Decide', cause: unknown) {
    super(`storage failed while carrying out ${effect}; the node stops (free space or repair storage, then restart)`, {
      details: { effect },
      cause,
    });
  }
}

/** A core that defers its signing was given no signer to sign with. */
export class MissingSignerError extends BaseError {
  override name = 'MissingSignerError';
  constructor() {
    super('the consensus context defers signing, but the driver has no signer (ConsensusDriverDeps.signing)');
  }
}

/** What the driver needs from the rest of the node. */
export interface ConsensusDriverDeps {
  readonly ctx: ConsensusContext;
  readonly safety: SafetyStore<PersistedConsensusState>;
  readonly availability: AvailabilityStore;
  readonly sender: ConsensusSender;
  /**
   * Signs what a core with deferred signing (ctx.signing) sends; required then. A refused or unanswered request
   * drops that message (NodeSigning logs and counts it).
   */
  readonly signing?: NodeSigning;
  readonly mempool: Mempool;
  readonly metrics: NodeMetrics;
  readonly log: Logger;
  /** Wall clock in ms. */
  readonly clock: () => number;
  /**
   * How long a leader waits, from its parent block's timestamp, before it proposes an empty block while nothing
   * above the last decided block holds transactions, in ms; 0 proposes at once (issue: an idle network decided
   * empty blocks as fast as it could, each one stored). A transaction arriving ends the wait at once.
   */
  readonly emptyBlockIntervalMs: number;
  /** The latest L1 block number the node knows (0 without an L1 watcher). */
  readonly l1Head: () => number;
  /** Asked to fetch leaves from peers; answers come back as LeavesFetched inputs. */
  readonly requestLeaves: (effect: RequestLeavesEffect) => void;
  /** Called after decided blocks are stored, in height order. */
  readonly onDecided: (blocks: readonly DecidedBlock[]) => void;
  /** Called once when storage fails: the driver has stopped, and the node must exit non-zero. */
  readonly onFatal: (error: StorageFailureError) => void;
}

/**
 * The shell around the pure consensus core: one queue serializes network messages, timers and block building,
 * runs `step`, and carries out the effects in the order the core emits them. Persist before send: a Persist
 * effect is stored durably before any later effect of the same step runs, and if it fails, nothing after it runs.
 */
export class ConsensusDriver {
  private state: ConsensusState;
  private readonly queue: ConsensusInput[] = [];
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  /** A build waiting out the empty-block interval: its timer and its mempool listener. */
  private parkedBuild: { readonly timer: NodeJS.Timeout; readonly cancelListener: () => void } | undefined;
  private readonly payloads: PayloadPersistence;

  constructor(private readonly deps: ConsensusDriverDeps) {
    if (deps.ctx.signing === 'deferred' && !deps.signing) throw new MissingSignerError();
    this.state = initialState(deps.ctx);
    this.payloads = new PayloadPersistence(deps.ctx.bounds);
  }

  /** Restores the persisted state (or starts fresh) and begins processing. */
  async start(): Promise<void> {
    const saved = await this.deps.safety.loadState();
    const persisted = saved && (await this.payloads.restore(saved, this.deps.safety));
    const nowMs = this.deps.clock();
    if (persisted) {
      this.deps.log.info('restoring consensus state', {
        lastActionedView: persisted.lastActionedView,
        lastDecidedHeight: persisted.lastDecided.leaf.header.height,
      });
      this.enqueue({ kind: 'Restored', persisted, nowMs });
    } else {
      this.deps.log.info('starting consensus from genesis');
      this.enqueue({ kind: 'Started', nowMs });
    }
  }

  /** Stops timers and drops queued inputs; the step in progress finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.cancelParkedBuild();
    this.queue.length = 0;
    await this.whenIdle();
  }

  /** Queues an input; inputs run one at a time in arrival order. */
  enqueue(input: ConsensusInput): void {
    if (this.stopped) return;
    this.queue.push(input);
    if (!this.draining) void this.drain();
  }

  /** The core's current state (read-only, for serving catch-up and the API). */
  get current(): ConsensusState {
    return this.state;
  }

  /** Resolves when the queue is empty and no step is running. */
  whenIdle(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const input = this.queue.shift()!;
        const end = this.deps.metrics.stepSeconds.startTimer();
        try {
          const result = step(this.state, input, this.deps.ctx);
          this.state = result.state;
          await this.carryOut(result.effects);
        } catch (error) {
          if (error instanceof StorageFailureError) {
            this.fail(error);
          } else {
            // A bug in the core or an effect, or a safety refusal: the effects after the failure did not run, so
            // nothing unpersisted was sent; the node goes on with the next input.
            this.deps.log.error('consensus step failed', { input: input.kind, error });
          }
        } finally {
          end();
        }
        this.deps.metrics.view.set(this.state.view);
        // The API, timers and signals run between inputs, however long the queue (a one-node network never waits).
        if (this.queue.length > 0) await yieldToEventLoop();
      }
    } finally {
      this.draining = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async carryOut(effects: readonly ConsensusEffect[]): Promise<void> {
    // Strictly in order. The core emits a Decide before the Persist that records it (the simulator checks this,
    // crashing nodes between effects), so decided blocks are stored before the safety state names them, and a
    // vote sent before a decide in the same step does not wait for the blocks to be written.
    const builds: { view: number; parentLeafCommitment: Bytes32 }[] = [];
    for (const effect of effects) {
      switch (effect.kind) {
        case 'Persist':
          await this.storing('Persist', () => this.persist(effect.state, effect.actions));
          break;
        case 'Broadcast': {
          // With deferred signing, the signature first: the effects after this one wait for it, in order.
          const message = await this.signed(effect.message, effect.signing);
          if (message) this.deps.sender.broadcast(effect.audience, message);
          break;
        }
        case 'SendTo': {
          const message = await this.signed(effect.message, effect.signing);
          if (message) this.deps.sender.sendTo(effect.to, message);
          break;
        }
        case 'SignForSelf': {
          // This node's own vote, counted as any received message once signed (queued behind this step).
          const message = await this.signed(effect.message, effect.signing);
          if (message) this.enqueue(messageInput(message, this.deps.clock()));
          break;
        }
        case 'ScheduleTimeout':
          this.schedule(effect.view, effect.durationMs);
          break;
        case 'BuildBlock':
          // Chosen from the mempool after the step's decides have left it, whatever their order.
          builds.push(effect);
          break;
        case 'Decide':
          await this.storing('Decide', () => this.decide(effect));
          break;
        case 'RequestLeaves':
          this.deps.metrics.catchupRequests.inc({ kind: 'leaves' });
          this.deps.requestLeaves(effect);
          break;
        case 'Rejected':
          this.deps.metrics.rejected.inc({ subject: effect.subject, reason: effect.reason });
          this.deps.log.warn('message rejected', {
            subject: effect.subject,
            sender: effect.sender,
            view: effect.view,
            reason: effect.reason,
            detail: effect.detail,
          });
          break;
        case 'Ignored':
          this.deps.metrics.ignored.inc({ reason: effect.reason });
          break;
        default:
          assertNever(effect);
      }
    }
    for (const build of builds) this.buildBlock(build.view, build.parentLeafCommitment);
  }

  /** `message` as it leaves: signed now when the core deferred its signature, undefined when that failed. */
  private async signed<M extends ConsensusMessage>(message: M, request?: SignRequest): Promise<M | undefined> {
    if (!request) return message;
    return signMessage(this.deps.signing!, this.deps.ctx.config.chainId, message, request);
  }

  /** Runs a storage effect; any failure but a safety refusal becomes StorageFailureError, which stops the node. */
  private async storing(effect: 'Persist' | 'Decide', write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof SafetyViolationError) throw error;
      throw new StorageFailureError(effect, error);
    }
  }

  private fail(error: StorageFailureError): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
    this.deps.log.error('storage failed: consensus stopped', { error });
    this.deps.onFatal(error);
  }

  private async persist(state: PersistedConsensusState, actions: readonly ActionRecord[]): Promise<void> {
    const end = this.deps.metrics.persistSeconds.startTimer();
    // A vote attests the voter holds the data, and if every node restarts at once a certified but undecided
    // block's payload exists nowhere else: each payload goes once into the payload table, the state names it.
    await this.deps.safety.commit(this.payloads.prepare(state, actions));
    end();
  }

  private schedule(view: number, durationMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.deps.metrics.viewTimeouts.inc();
      this.deps.log.info('view timed out', { view, afterMs: durationMs });
      this.enqueue({ kind: 'TimeoutElapsed', view, nowMs: this.deps.clock() });
    }, durationMs);
    this.timer.unref();
  }

  /**
   * Whether no block above the last decided one holds transactions: nothing waits to be decided, so an empty
   * block may wait and the leader of the current view may be pacing (see emptyBlockIntervalMs).
   */
  chainIdle(): boolean {
    const decided = this.state.lastDecided.commitment;
    for (const record of this.state.leaves.values()) {
      if (record.commitment !== decided && record.leaf.header.payloadSize > 0) return false;
    }
    return true;
  }

  /** Whether this node has seen a proposal for the view it is in. */
  get currentViewProposed(): boolean {
    return this.state.proposals.has(this.state.view);
  }

  private buildBlock(view: number, parentLeafCommitment: Bytes32, waited = false): void {
    this.cancelParkedBuild();
    const { ctx } = this.deps;
    const parent = this.state.leaves.get(parentLeafCommitment);
    const exclude = this.transactionsAbove(parentLeafCommitment);
    const transactions = this.deps.mempool.selectForBlock(ctx.bounds, exclude);
    const nowMs = this.deps.clock();
    const parentTimestamp = parent?.leaf.header.timestamp ?? 0;
    if (transactions.length === 0 && !waited && this.deps.emptyBlockIntervalMs > 0 && this.chainIdle()) {
      const waitMs = parentTimestamp + this.deps.emptyBlockIntervalMs - nowMs;
      if (waitMs > 0) {
        this.parkBuild(view, parentLeafCommitment, waitMs);
        return;
      }
    }
    const payload = buildBlockPayload(transactions, ctx.bounds);
    this.enqueue({
      kind: 'BlockBuilt',
      view,
      parentLeafCommitment,
      payload,
      timestamp: Math.max(nowMs, parentTimestamp),
      l1Head: this.deps.l1Head(),
      nowMs,
    });
  }

  /** Builds later: when the interval has passed, or at once when a transaction arrives, if still in `view`. */
  private parkBuild(view: number, parentLeafCommitment: Bytes32, waitMs: number): void {
    const resume = (waited: boolean) => {
      this.cancelParkedBuild();
      if (!this.stopped && this.state.view === view) this.buildBlock(view, parentLeafCommitment, waited);
    };
    const timer = setTimeout(() => resume(true), waitMs);
    timer.unref();
    this.parkedBuild = { timer, cancelListener: this.deps.mempool.onNextAdded(() => resume(false)) };
  }

  private cancelParkedBuild(): void {
    if (!this.parkedBuild) return;
    clearTimeout(this.parkedBuild.timer);
    this.parkedBuild.cancelListener();
    this.parkedBuild = undefined;
  }

  /** A block's transaction hashes, taking those the mempool computed on arrival instead of hashing again. */
  private hashesOf(payload: BlockPayload): readonly Bytes32[] {
    return blockTransactionHashes(payload, (tx) => this.deps.mempool.knownHash(tx));
  }

  /** Hashes of the transactions in the undecided leaves from `commitment` down to the last decided leaf. */
  private transactionsAbove(commitment: Bytes32): Set<Bytes32> {
    const hashes = new Set<Bytes32>();
    let cursor = this.state.leaves.get(commitment);
    while (cursor && cursor.commitment !== this.state.lastDecided.commitment) {
      if (cursor.payload) for (const hash of this.hashesOf(cursor.payload)) hashes.add(hash);
      cursor = this.state.leaves.get(cursor.leaf.parentLeafCommitment);
    }
    return hashes;
  }

  private async decide(effect: DecideEffect): Promise<void> {
    const blocks: DecidedBlock[] = effect.leaves.map((decided) => ({
      leaf: decided.leaf,
      leafCommitment: decided.commitment,
      headerCommitment: headerCommitment(decided.leaf.header),
      payload: decided.payload,
      decidingQc: effect.qc,
    }));
    if (effect.jumpedFrom !== undefined) {
      // A warm start: the store drops what it holds below the adopted history instead of refusing the gap.
      this.deps.log.info('warm start: decided chain jumped', {
        from: effect.jumpedFrom,
        to: blocks[blocks.length - 1]!.leaf.header.height,
        history: blocks.length,
      });
    }
    // Hashed before the store indexes them, while the mempool still holds what it hashed on arrival.
    const decidedHashes: Bytes32[] = [];
    for (const block of blocks) if (block.payload) decidedHashes.push(...this.hashesOf(block.payload));
    await this.deps.availability.appendDecided(blocks, { startChain: effect.jumpedFrom !== undefined });
    let txCount = 0;
    let bytes = 0;
    for (const block of blocks) {
      if (!block.payload) continue;
      txCount += block.payload.namespaceTable.reduce((sum, entry) => sum + entry.txCount, 0);
      bytes += block.leaf.header.payloadSize;
    }
    this.deps.mempool.markDecided(decidedHashes);
    const last = blocks[blocks.length - 1]!;
    const m = this.deps.metrics;
    m.decidedBlocks.inc(blocks.length);
    m.decidedTransactions.inc(txCount);
    m.decidedBytes.inc(bytes);
    m.decidedHeight.set(last.leaf.header.height);
    m.mempoolTransactions.set(this.deps.mempool.size);
    m.mempoolBytes.set(this.deps.mempool.bytes);
    this.deps.log.info('decided', {
      height: last.leaf.header.height,
      view: last.leaf.view,
      blocks: blocks.length,
      txs: txCount,
      bytes,
    });
    this.deps.onDecided(blocks);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled effect ${JSON.stringify(value)}`);
}
