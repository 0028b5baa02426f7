import { setTimeout as sleep } from 'node:timers/promises';
import { CdnClient, Topic, type Welcome } from '@hotshot/cdn';
import {
  BlsConsensusCrypto,
  MemoizedConsensusCrypto,
  preverifyMessage,
  createConsensusContext,
  isDaMember,
  type ConsensusContext,
  type PersistedConsensusState,
} from '@hotshot/consensus';
import { StakeTableKeys, signDigest } from '@hotshot/crypto';
import { BaseError, transactionHash, type Transaction } from '@hotshot/protocol';
import type { AvailabilityStore, DecidedBlock, SafetyStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import { bytesToHex } from 'viem';
import { NotReadyError } from './api/api-errors';
import { CatchupService } from './catchup/catchup-service';
import { PayloadFetcher } from './catchup/payload-fetcher';
import { ConsensusDriver } from './consensus/consensus-driver';
import { FinalityService } from './finality/finality-service';
import { Mempool, type SubmitOutcome, type Submitter } from './mempool/mempool';
import { TransactionForwarder } from './mempool/transaction-forwarder';
import { NodeMetrics } from './metrics/node-metrics';
import type { NodeMessage } from './network/node-message';
import { NodeNetwork } from './network/node-network';
import type { NodeSettings } from './node-settings';
import type { NodeStorage } from './storage/node-storage';
import { Pruner } from './storage/pruner';

/** This node's key is not where the broker's stake table says it is: a misconfigured or hostile broker. */
export class StakeTableMismatchError extends BaseError {
  override name = 'StakeTableMismatchError';
}

/** The running parts of a joined node. */
interface Joined {
  readonly ctx: ConsensusContext;
  readonly mempool: Mempool;
  readonly driver: ConsensusDriver;
  readonly forwarder: TransactionForwarder;
  readonly catchup: CatchupService;
  readonly payloads: PayloadFetcher;
  readonly finality: FinalityService;
}

/**
 * One sequencer node: storage, the CDN connection, consensus and its helpers, built in a visible order.
 * `start` returns once the node has joined; `stop` closes everything in reverse order.
 */
export class NodeRuntime {
  readonly metrics = new NodeMetrics();
  readonly availability: AvailabilityStore;
  private readonly safety: SafetyStore<PersistedConsensusState>;
  private pruner: Pruner | undefined;
  private readonly client: CdnClient;
  private network: NodeNetwork | undefined;
  private joined: Joined | undefined;
  private lastDecideAt: number | undefined;
  private consensusStartedAt: number | undefined;
  private storageFailed: Error | undefined;
  private readonly catchupSources = new Map<number, { leaves: number; lastAtMs: number }>();
  private readonly decideListeners = new Set<(blocks: readonly DecidedBlock[]) => void>();
  private readonly abort = new AbortController();
  private networkLoop: Promise<void> | undefined;
  private failWith!: (error: Error) => void;
  /** Rejects when the node can no longer run safely (storage failed); the binary then exits non-zero. */
  readonly fatal: Promise<never> = new Promise<never>((_, reject) => {
    this.failWith = reject;
  });

  constructor(
    private readonly settings: NodeSettings,
    private readonly storage: NodeStorage,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    // Handled by whoever races it (main); never an unhandled rejection in tests that build a runtime alone.
    this.fatal.catch(() => undefined);
    this.safety = storage.safety;
    this.availability = storage.availability;
    this.client = new CdnClient({
      url: settings.cdnUrl,
      keyPair: settings.keyPair,
      topics: [Topic.Global],
      logger: log.child({ module: 'cdn-client' }),
    });
  }

  /** Joins the network and starts consensus; resolves once consensus runs. */
  async start(): Promise<void> {
    const publicKey = bytesToHex(this.settings.keyPair.publicKey);
    this.log.info('joining the network', { cdnUrl: this.settings.cdnUrl, publicKey });
    this.client.start(this.abort.signal);
    const welcome = await this.client.welcome();
    this.log.info('joined', {
      index: welcome.nodeIndex,
      nodes: welcome.stakeTable.length,
      chainId: welcome.config.chainId,
    });
    const persisted = await this.safety.loadState();
    this.joined = this.build(welcome);
    if (isDaMember(this.joined.ctx, welcome.nodeIndex)) this.client.subscribe(Topic.Da);
    const network = new NodeNetwork(
      this.client,
      this.joined.ctx.bounds,
      this.clock,
      this.metrics,
      this.log.child({ module: 'network' }),
    );
    this.network = network;
    this.networkLoop = network.run(this.abort.signal, {
      preverify: (message) => {
        if (this.joined) this.metrics.preverified.inc({ outcome: preverifyMessage(this.joined.ctx, message) });
      },
      consensus: (input) => this.joined?.driver.enqueue(input),
      other: (from, message) => this.onNodeMessage(from, message),
    });
    // A fresh network waits the configured start delay so every node is listening before view 1.
    if (!persisted)
      await sleep(welcome.config.startDelayMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
    await this.joined.driver.start();
    this.consensusStartedAt = this.clock();
    if (this.settings.retention) {
      this.pruner = new Pruner(
        this.availability,
        this.settings.retention,
        this.clock,
        this.log.child({ module: 'pruner' }),
      );
      this.pruner.start();
    }
  }

  private build(welcome: Welcome): Joined {
    const self = welcome.nodeIndex;
    const member = welcome.stakeTable[self];
    if (!member || bytesToHex(member.publicKey) !== bytesToHex(this.settings.keyPair.publicKey)) {
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
      crypto: new MemoizedConsensusCrypto(new BlsConsensusCrypto(keys, this.settings.keyPair.secretKey)),
      options: { warmStartGap: this.settings.warmStart.gap, warmStartHistory: this.settings.warmStart.history },
    });
    const send = (to: number, message: NodeMessage) => this.network?.send(to, message);
    const mempool = new Mempool(
      {
        maxTxBytes: welcome.config.maxTxBytes,
        maxPendingTxs: this.settings.mempoolMaxTxs,
        maxPendingBytes: this.settings.mempoolMaxBytes,
        decidedMemory: 100_000,
        submitterShare: this.settings.mempoolSubmitterShare,
        namespaceShare: this.settings.mempoolNamespaceShare,
      },
      {
        onRefused: (reason, from) =>
          this.metrics.mempoolRefusals.inc({ reason, source: 'member' in from ? 'forwarded' : 'api' }),
      },
    );
    const catchup = new CatchupService({
      self,
      size: ctx.size,
      availability: this.availability,
      consensusState: () => driver.current,
      send,
      deliver: (leaves, from, decideProof) => {
        this.noteCatchupSource(from, leaves.length);
        driver.enqueue({
          kind: 'LeavesFetched',
          leaves,
          from,
          ...(decideProof ? { decideProof } : {}),
          nowMs: this.clock(),
        });
      },
      log: this.log.child({ module: 'catchup' }),
    });
    const payloads = new PayloadFetcher(
      self,
      ctx.size,
      ctx.bounds,
      this.availability,
      send,
      this.metrics,
      this.log.child({ module: 'payloads' }),
    );
    const finality = new FinalityService({
      chainId: welcome.config.chainId,
      self,
      keys,
      quorum: ctx.quorum,
      sign: (digest) => signDigest(this.settings.keyPair.secretKey, digest),
      broadcast: (message) => this.network?.broadcastNode(message),
      availability: this.availability,
      metrics: this.metrics,
      log: this.log.child({ module: 'finality' }),
    });
    const driver = new ConsensusDriver({
      ctx,
      safety: this.safety,
      availability: this.availability,
      sender: { broadcast: (a, m) => this.network?.broadcast(a, m), sendTo: (i, m) => this.network?.sendTo(i, m) },
      mempool,
      metrics: this.metrics,
      log: this.log.child({ module: 'consensus' }),
      clock: this.clock,
      l1Head: () => 0,
      requestLeaves: (effect) => catchup.request(effect),
      onDecided: (blocks) => this.onDecided(blocks),
      onFatal: (error) => {
        this.storageFailed = error;
        this.failWith(error);
      },
    });
    const forwarder = new TransactionForwarder(self, ctx.size, () => driver.current.view, send, 1000);
    return { ctx, mempool, driver, forwarder, catchup, payloads, finality };
  }

  private onDecided(blocks: readonly DecidedBlock[]): void {
    this.lastDecideAt = this.clock();
    for (const block of blocks) if (!block.payload) this.joined?.payloads.want(block.leaf.header.height);
    void this.joined?.finality.onDecided(blocks).catch((error) => this.log.error('finality signing failed', { error }));
    for (const listener of this.decideListeners) listener(blocks);
  }

  private async onNodeMessage(from: number, message: Exclude<NodeMessage, { kind: 'consensus' }>): Promise<void> {
    const joined = this.joined;
    if (!joined) return;
    switch (message.kind) {
      case 'transactions':
        for (const tx of message.transactions) {
          const hash = transactionHash(tx);
          // Memory first: a duplicate costs no database read.
          if (joined.mempool.lookup(hash)) continue;
          // A replayed or resubmitted transaction that is already decided must not be sequenced again.
          if (await this.availability.getTransaction(hash)) continue;
          try {
            joined.mempool.submit(tx, { member: from }, hash);
          } catch {
            // A forwarded transaction this mempool cannot take stays with the node that accepted it (the mempool
            // counted the refusal by reason).
          }
        }
        return;
      case 'leaves-request':
        this.network?.send(from, await joined.catchup.serve(from, message));
        return;
      case 'leaves-response':
        joined.catchup.onResponse(from, message.requestId, message.leaves, message.decideProof);
        return;
      case 'payload-request':
        this.network?.send(from, await joined.payloads.serve(message.requestId, message.height));
        return;
      case 'payload-response':
        await joined.payloads.onResponse(from, message.height, message.payload);
        return;
      case 'finality-signature':
        await joined.finality.onSignature(from, message.height, message.headerCommitment, message.signature);
        return;
    }
  }

  /** Takes a transaction from the API (`from` is the client): into the mempool, then to the upcoming leaders. */
  async submit(tx: Transaction, from: Submitter): Promise<SubmitOutcome> {
    const joined = this.joined;
    if (!joined) throw new NotReadyError('the node has not joined the network yet; retry shortly');
    let outcome: SubmitOutcome;
    try {
      // Hashed once here; transactionHash also refuses a namespace outside uint32.
      const hash = transactionHash(tx);
      // A duplicate of what is waiting or was decided recently is answered from memory, without the database.
      const known = joined.mempool.lookup(hash);
      if (known) {
        this.metrics.submitted.inc({ outcome: known });
        return { hash, status: known };
      }
      // The mempool remembers recent decides in memory only; the stored index survives restarts.
      const decided = await this.availability.getTransaction(hash);
      if (decided) {
        this.metrics.submitted.inc({ outcome: 'decided' });
        return { hash: decided.hash, status: 'decided' };
      }
      outcome = joined.mempool.submit(tx, from, hash);
    } catch (error) {
      this.metrics.submitted.inc({ outcome: 'refused' });
      throw error;
    }
    this.metrics.submitted.inc({ outcome: outcome.status });
    if (outcome.status === 'added') joined.forwarder.forward(tx);
    this.metrics.mempoolTransactions.set(joined.mempool.size);
    return outcome;
  }

  /** Subscribes to decided blocks in height order; returns the unsubscribe function. */
  onDecide(listener: (blocks: readonly DecidedBlock[]) => void): () => void {
    this.decideListeners.add(listener);
    return () => this.decideListeners.delete(listener);
  }

  /** Peers this node received decided leaves from while catching up (for the dashboard). */
  catchupPeers(): { index: number; leaves: number; lastAtMs: number }[] {
    return [...this.catchupSources].map(([index, source]) => ({ index, ...source }));
  }

  private noteCatchupSource(from: number, leaves: number): void {
    const source = this.catchupSources.get(from) ?? { leaves: 0, lastAtMs: 0 };
    this.catchupSources.set(from, { leaves: source.leaves + leaves, lastAtMs: this.clock() });
  }

  get isRunning(): boolean {
    return this.joined !== undefined;
  }

  get lastDecideAtMs(): number | undefined {
    return this.lastDecideAt;
  }

  /** When consensus started or restored (ms), or undefined before: decide progress is measured from here. */
  get consensusStartedAtMs(): number | undefined {
    return this.consensusStartedAt;
  }

  /** The storage failure that stopped consensus, or undefined while storage works. */
  get storageFailure(): Error | undefined {
    return this.storageFailed;
  }

  get welcome(): Welcome | undefined {
    return this.client.welcomeInfo;
  }

  /** Stops consensus, the network and storage, in reverse order of start. */
  async stop(): Promise<void> {
    this.log.info('stopping');
    this.pruner?.stop();
    await this.joined?.driver.stop();
    this.joined?.catchup.stop();
    this.joined?.payloads.stop();
    this.abort.abort();
    await this.networkLoop?.catch(() => undefined);
    await this.client.whenStopped().catch(() => undefined);
    await this.storage.close();
    this.log.info('stopped');
  }
}
