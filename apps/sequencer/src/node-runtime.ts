import { setTimeout as sleep } from 'node:timers/promises';
import { CdnClient, Topic, type Welcome } from '@hotshot/cdn';
import { preverifyMessage, isDaMember, type PersistedConsensusState } from '@hotshot/consensus';
import { readL1StakeTable, type L1StakeTable } from '@hotshot/l1';
import type { Transaction } from '@hotshot/protocol';
import type { AvailabilityStore, DecidedBlock, SafetyStore } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import { bytesToHex } from 'viem';
import type { MempoolUsage } from './api/api-ports';
import { DecideFanOut } from './decide-fan-out';
import { L1HeadWatcher } from './l1/l1-head-watcher';
import { genesisDifference } from './genesis/genesis-check';
import { checkWelcomeStakeTable } from './l1/l1-stake-table-check';
import type { SubmitOutcome, Submitter } from './mempool/mempool';
import { SubmissionService } from './mempool/submission-service';
import { NodeMetrics } from './metrics/node-metrics';
import { assembleNode, type Joined } from './node-assembly';
import { NodeNetwork } from './network/node-network';
import { ChainIdMismatchError, NodeNotJoinedError, WelcomeDisagreesWithGenesisError } from './node-errors';
import { NODE_TUNING, type NodeSettings, type NodeTuning } from './node-settings';
import type { NodeStorage } from './storage/node-storage';
import { Pruner } from './storage/pruner';
import type { NodeSigning } from './signing/node-signing';
import { cdnKey, createNodeSigning } from './signing/node-signing-setup';

/**
 * One sequencer node: storage, the CDN connection, consensus and its helpers, built in a visible order.
 * `start` returns once the node has joined; `stop` closes everything in reverse order. It only wires: submission
 * lives in the mempool module, message routing in the network module, decide fan-out in DecideFanOut.
 */
export class NodeRuntime {
  readonly metrics = new NodeMetrics();
  /** Every signature this node makes: in-process, or through --remote-signer. */
  private readonly signing: NodeSigning;
  readonly availability: AvailabilityStore;
  private readonly safety: SafetyStore<PersistedConsensusState>;
  private pruner: Pruner | undefined;
  private readonly client: CdnClient;
  private network: NodeNetwork | undefined;
  private joined: Joined | undefined;
  private consensusStartedAt: number | undefined;
  private storageFailed: Error | undefined;
  private readonly catchupSources = new Map<number, { leaves: number; lastAtMs: number }>();
  private readonly decides: DecideFanOut;
  private readonly abort = new AbortController();
  private networkLoop: Promise<void> | undefined;
  /** The node's L1 view (issue 18); undefined without --l1-url. */
  private readonly l1: L1HeadWatcher | undefined;
  private l1Loop: Promise<void> | undefined;
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
    private readonly tuning: NodeTuning = NODE_TUNING,
  ) {
    // Handled by whoever races it (main); never an unhandled rejection in tests that build a runtime alone.
    this.fatal.catch(() => undefined);
    this.safety = storage.safety;
    this.availability = storage.availability;
    this.decides = new DecideFanOut(clock, log.child({ module: 'decides' }));
    this.signing = createNodeSigning(settings, this.metrics, log.child({ module: 'signer' }));
    this.client = new CdnClient({
      url: settings.cdnUrl,
      keyPair: cdnKey(settings, this.signing),
      topics: [Topic.Global],
      logger: log.child({ module: 'cdn-client' }),
    });
    this.l1 =
      settings.l1Watcher &&
      new L1HeadWatcher({
        url: settings.l1Watcher.url,
        pollIntervalMs: settings.l1Watcher.pollIntervalMs,
        metrics: this.metrics,
        log: log.child({ module: 'l1-watcher' }),
      });
  }

  /** Joins the network and starts consensus; resolves once consensus runs. */
  async start(): Promise<void> {
    const publicKey = bytesToHex(this.settings.publicKey);
    // L1 first: by the time this node leads or votes, its L1 view has had the join and start delay to fill.
    this.l1Loop = this.l1?.run(this.abort.signal);
    // Read while joining: the table this node computes itself, to check the broker's against (issue 18).
    const l1Table =
      this.settings.l1StakeTable && readL1StakeTable(this.settings.l1StakeTable, this.settings.l1StakeTable.maxSize);
    l1Table?.catch(() => undefined);
    this.log.info('joining the network', { cdnUrl: this.settings.cdnUrl, publicKey });
    this.client.start(this.abort.signal);
    const welcome = await this.client.welcome();
    this.log.info('joined', {
      index: welcome.nodeIndex,
      nodes: welcome.stakeTable.length,
      chainId: welcome.config.chainId,
    });
    const chainId = this.settings.chainId;
    if (chainId !== undefined && welcome.config.chainId !== chainId) {
      const error = new ChainIdMismatchError(chainId, welcome.config.chainId);
      this.log.error('welcomed to another chain; consensus not started', { error });
      throw error;
    }
    if (this.settings.genesis) this.checkWelcomeAgainstGenesis(welcome, this.settings.genesis);
    if (l1Table) await this.checkWelcomeAgainstL1(welcome, l1Table);
    const persisted = await this.safety.loadState();
    this.joined = assembleNode(
      {
        settings: this.settings,
        tuning: this.tuning,
        signing: this.signing,
        metrics: this.metrics,
        availability: this.availability,
        safety: this.safety,
        decides: this.decides,
        l1: this.l1,
        log: this.log,
        clock: this.clock,
        network: () => this.network,
        onCatchupSource: (from, leaves) => this.noteCatchupSource(from, leaves),
        onFatal: (error) => {
          this.storageFailed = error;
          this.failWith(error);
        },
      },
      welcome,
    );
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
      consensus: (input) => {
        if (!this.joined) return;
        if (this.joined.l1Gate) this.joined.l1Gate.admit(input);
        else this.joined.driver.enqueue(input);
      },
      other: (from, message) => this.joined?.router.route(from, message),
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

  /** Throws (after an error log line) when Welcome's config or stake table is not the genesis file's. */
  private checkWelcomeAgainstGenesis(welcome: Welcome, genesis: NonNullable<NodeSettings['genesis']>): void {
    const difference = genesisDifference(genesis.expected, welcome);
    if (difference) {
      const error = new WelcomeDisagreesWithGenesisError(difference, genesis.file);
      this.log.error('Welcome disagrees with the genesis file; consensus not started', { error });
      throw error;
    }
    this.log.info('Welcome matches the genesis file', {
      file: genesis.file,
      members: genesis.expected.stakeTable.length,
    });
  }

  /** Throws (after an error log line) when Welcome's stake table is not the one computed from L1. */
  private async checkWelcomeAgainstL1(welcome: Welcome, l1Table: Promise<L1StakeTable>): Promise<void> {
    const address = this.settings.l1StakeTable!.address;
    let computed: L1StakeTable;
    try {
      computed = await l1Table;
    } catch (error) {
      this.log.error('stake table not read from L1; consensus not started', { stakeTable: address, error });
      throw error;
    }
    try {
      checkWelcomeStakeTable(welcome.stakeTable, computed, address);
    } catch (error) {
      this.log.error('Welcome disagrees with the stake table on L1; consensus not started', { error });
      throw error;
    }
    this.log.info('Welcome matches the stake table on L1', {
      stakeTable: address,
      l1Block: computed.l1Block.toString(),
      members: computed.stakeTable.length,
    });
  }

  /** Takes a transaction from the API (`from` is the client); see SubmissionService.submit. */
  async submit(tx: Transaction, from: Submitter): Promise<SubmitOutcome> {
    return this.submission().submit(tx, from);
  }

  /** Takes several transactions from the API, all or none; see SubmissionService.submitBatch. */
  async submitBatch(txs: readonly Transaction[], from: Submitter): Promise<SubmitOutcome[]> {
    return this.submission().submitBatch(txs, from);
  }

  private submission(): SubmissionService {
    if (!this.joined) throw new NodeNotJoinedError();
    return this.joined.submission;
  }

  /** What the mempool holds and may hold, or undefined before the node has joined. */
  mempoolUsage(): MempoolUsage | undefined {
    const mempool = this.joined?.mempool;
    if (!mempool) return undefined;
    return {
      transactions: mempool.size,
      bytes: mempool.bytes,
      maxTransactions: this.settings.mempoolMaxTxs,
      maxBytes: this.settings.mempoolMaxBytes,
    };
  }

  /** Subscribes to decided blocks in height order; returns the unsubscribe function. */
  onDecide(listener: (blocks: readonly DecidedBlock[]) => void): () => void {
    return this.decides.subscribe(listener);
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
    return this.decides.lastDecideAtMs;
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
    this.joined?.l1Gate?.stop();
    await this.joined?.driver.stop();
    this.joined?.catchup.stop();
    this.joined?.payloads.stop();
    this.abort.abort();
    await this.networkLoop?.catch(() => undefined);
    await this.l1Loop;
    await this.client.whenStopped().catch(() => undefined);
    await this.storage.close();
    await this.signing.close();
    this.log.info('stopped');
  }
}
