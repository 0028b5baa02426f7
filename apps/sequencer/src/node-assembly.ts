import type { Welcome } from '@hotshot/cdn';
import {
  BlsConsensusCrypto,
  MemoizedConsensusCrypto,
  createConsensusContext,
  leaderOf,
  type ConsensusContext,
  type PersistedConsensusState,
} from '@hotshot/consensus';
import { StakeTableKeys } from '@hotshot/crypto';
import type { AvailabilityStore, SafetyStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import { bytesToHex } from 'viem';
import { CatchupService } from './catchup/catchup-service';
import { PayloadFetcher } from './catchup/payload-fetcher';
import { ConsensusDriver } from './consensus/consensus-driver';
import type { DecideFanOut } from './decide-fan-out';
import { FinalityService } from './finality/finality-service';
import { L1HeadGate } from './l1/l1-head-gate';
import type { L1HeadWatcher } from './l1/l1-head-watcher';
import { Mempool } from './mempool/mempool';
import { SubmissionService } from './mempool/submission-service';
import { TransactionForwarder } from './mempool/transaction-forwarder';
import type { NodeMetrics } from './metrics/node-metrics';
import type { NodeMessage } from './network/node-message';
import { NodeMessageRouter } from './network/node-message-router';
import type { NodeNetwork } from './network/node-network';
import { StakeTableMismatchError } from './node-errors';
import type { NodeSettings, NodeTuning } from './node-settings';
import type { NodeSigning } from './signing/node-signing';

/** The running parts of a joined node. */
export interface Joined {
  readonly ctx: ConsensusContext;
  readonly mempool: Mempool;
  readonly driver: ConsensusDriver;
  readonly submission: SubmissionService;
  readonly router: NodeMessageRouter;
  readonly catchup: CatchupService;
  readonly payloads: PayloadFetcher;
  /** Holds proposals naming an L1 block this node's watcher has not seen; undefined without an L1 view. */
  readonly l1Gate: L1HeadGate | undefined;
}

/** What the node has before it joins, which the joined parts are built on. */
export interface NodeParts {
  readonly settings: NodeSettings;
  readonly tuning: NodeTuning;
  readonly signing: NodeSigning;
  readonly metrics: NodeMetrics;
  readonly availability: AvailabilityStore;
  readonly safety: SafetyStore<PersistedConsensusState>;
  readonly decides: DecideFanOut;
  /** The node's L1 view; undefined without --l1-url. */
  readonly l1: L1HeadWatcher | undefined;
  readonly log: Logger;
  readonly clock: () => number;
  /** The message network, which exists only once the node has joined: what is sent before that is dropped. */
  network(): NodeNetwork | undefined;
  /** A peer answered this node's catch-up request with `leaves` leaves. */
  onCatchupSource(from: number, leaves: number): void;
  /** Storage failed: the node cannot run safely any more. */
  onFatal(error: Error): void;
}

/**
 * Builds a joined node's parts from its Welcome, in dependency order: the consensus context (after checking the
 * broker put this node's key at its index), the mempool, catch-up, payload fetching, finality, the driver,
 * forwarding, submission, the message router and the L1 gate. Wiring only: NodeRuntime starts and stops them.
 */
export function assembleNode(parts: NodeParts, welcome: Welcome): Joined {
  const { settings, signing, tuning, metrics, availability, safety, log, clock, l1 } = parts;
  const self = welcome.nodeIndex;
  const member = welcome.stakeTable[self];
  if (!member || bytesToHex(member.publicKey) !== bytesToHex(settings.publicKey)) {
    throw new StakeTableMismatchError('the stake table does not hold this node key at the index the broker gave', {
      details: { index: self },
    });
  }
  const keys = new StakeTableKeys(welcome.stakeTable);
  const ctx = createConsensusContext({
    config: welcome.config,
    stakeTable: welcome.stakeTable,
    self,
    // Memoized: what the network module verified before the queue costs the core a lookup.
    crypto: new MemoizedConsensusCrypto(new BlsConsensusCrypto(keys, settings.keyPair?.secretKey)),
    options: {
      warmStartGap: settings.warmStart.gap,
      warmStartHistory: settings.warmStart.history,
      // A remote signer answers asynchronously: the core builds messages unsigned and the driver signs them.
      signing: signing.remote ? 'deferred' : 'in-step',
    },
  });
  const send = (to: number, message: NodeMessage) => parts.network()?.send(to, message);
  const mempool = new Mempool(
    {
      maxTxBytes: welcome.config.maxTxBytes,
      maxPendingTxs: settings.mempoolMaxTxs,
      maxPendingBytes: settings.mempoolMaxBytes,
      decidedMemory: tuning.mempoolDecidedMemory,
      submitterShare: settings.mempoolSubmitterShare,
      namespaceShare: settings.mempoolNamespaceShare,
    },
    {
      onRefused: (reason, from) =>
        metrics.mempoolRefusals.inc({ reason, source: 'member' in from ? 'forwarded' : 'api' }),
    },
  );
  const catchup = new CatchupService({
    self,
    size: ctx.size,
    availability: availability,
    consensusState: () => driver.current,
    send,
    deliver: (leaves, from, decideProof) => {
      parts.onCatchupSource(from, leaves.length);
      driver.enqueue({
        kind: 'LeavesFetched',
        leaves,
        from,
        ...(decideProof ? { decideProof } : {}),
        nowMs: clock(),
      });
    },
    log: log.child({ module: 'catchup' }),
  });
  const payloads = new PayloadFetcher({
    self,
    size: ctx.size,
    bounds: ctx.bounds,
    availability: availability,
    send,
    metrics: metrics,
    log: log.child({ module: 'payloads' }),
    retryMs: tuning.payloadRetryMs,
  });
  const finality = new FinalityService({
    chainId: welcome.config.chainId,
    self,
    keys,
    quorum: ctx.quorum,
    sign: (height, commitment) =>
      signing.sign({ kind: 'finality', chainId: welcome.config.chainId, height, commitment }),
    broadcast: (message) => parts.network()?.broadcastNode(message),
    availability: availability,
    metrics: metrics,
    log: log.child({ module: 'finality' }),
    decidedHeight: () => driver.current.lastDecided.leaf.header.height,
    window: { ahead: tuning.finalityHeightsAhead, kept: tuning.finalityHeightsKept },
  });
  const driver = new ConsensusDriver({
    ctx,
    safety: safety,
    availability: availability,
    sender: { broadcast: (a, m) => parts.network()?.broadcast(a, m), sendTo: (i, m) => parts.network()?.sendTo(i, m) },
    signing: signing,
    mempool,
    metrics: metrics,
    log: log.child({ module: 'consensus' }),
    clock: clock,
    emptyBlockIntervalMs: emptyBlockIntervalMs(settings.emptyBlockIntervalMs, welcome.config.viewTimeoutMs, log),
    // Without an L1 view, 0: the core then proposes the parent's l1Head (it never goes below the parent's).
    l1Head: () => l1?.head ?? 0,
    requestLeaves: (effect) => catchup.request(effect),
    onDecided: (blocks) => parts.decides.deliver(blocks),
    onFatal: parts.onFatal,
  });
  const forwarder = new TransactionForwarder({
    self,
    size: ctx.size,
    leaders: ctx.leaders,
    currentView: () => driver.current.view,
    currentLeaderMayWait: () => !driver.currentViewProposed && driver.chainIdle(),
    sendToEach: (to, message) => parts.network()?.sendToEach(to, message),
    maxBatch: tuning.forwardMaxBatch,
  });
  const submission = new SubmissionService({
    mempool,
    decided: availability,
    forwarder,
    metrics: metrics,
  });
  const router = new NodeMessageRouter({ send, submission, catchup, payloads, finality });
  parts.decides.attach({ payloads, finality });
  const l1Gate =
    l1 &&
    settings.l1Watcher &&
    new L1HeadGate({
      l1: l1,
      graceMs: settings.l1Watcher.graceMs,
      isLeader: (sender, view) => leaderOf(ctx, view) === sender,
      deliver: (input) => driver.enqueue(input),
      metrics: metrics,
      log: log.child({ module: 'l1-gate' }),
      clock: clock,
    });
  return { ctx, mempool, driver, submission, router, catchup, payloads, l1Gate };
}

/** The flag's interval, lowered to a quarter of the view timeout so a held block never costs a view. */
function emptyBlockIntervalMs(wanted: number, viewTimeoutMs: number, log: Logger): number {
  const most = Math.floor(viewTimeoutMs / 4);
  if (wanted <= most) return wanted;
  log.warn('--empty-block-interval-ms lowered to a quarter of the view timeout', { wanted, used: most });
  return most;
}
