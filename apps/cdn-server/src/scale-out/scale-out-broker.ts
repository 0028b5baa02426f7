import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type Redis from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { type Logger, silentLogger } from '@hotshot/telemetry';
import { formatEndpoint, parseEndpoint } from '@hotshot/cdn';
import { CdnBroker } from '../broker/cdn-broker';
import type { CdnBrokerOptions } from '../broker/broker-options';
import { Roster } from '../broker/roster';
import { BrokerMesh, tokenHex } from './broker-mesh';
import { BrokerRegistry, type BrokerRecord } from './broker-registry';
import { MeshFrameRouter } from './mesh-frame-router';
import { checkNetwork, rosterSource, waitForNetwork } from './network-definition';
import { PermitGate } from './permit-gate';
import { PermitStore } from './permit-store';
import { closeRedis, openRedis } from './redis-connection';
import { DEFAULT_REDIS_PREFIX, RedisKeys } from './redis-keys';
import { RedisRoster } from './redis-roster';
import { InvalidScaleOutOptionsError } from './scale-out-errors';

/** Options of a scale-out broker: the broker's own limits, plus where Redis and the mesh are. */
export interface ScaleOutBrokerOptions extends Omit<
  CdnBrokerOptions,
  'expectedNodes' | 'config' | 'gate' | 'router' | 'rosterStore'
> {
  readonly redisUrl: string;
  /** Prefix of every Redis key; default `hotshot-cdn`. */
  readonly redisPrefix?: string;
  /** Unique among the brokers; default `<hostname>-<pid>-<random>`. The lower id of a pair dials the other. */
  readonly brokerId?: string;
  /** Host in the addresses handed to nodes and peers; default `host` (which must then not be a wildcard). */
  readonly advertiseHost?: string;
  /** Port for links from other brokers; default 0 (ephemeral, registered in Redis). */
  readonly meshPort?: number;
  /** Period of the registry heartbeat (and mesh reconciliation); default 1000 ms. */
  readonly registryHeartbeatMs?: number;
  /**
   * Lifetime of the registration each heartbeat renews: a broker silent this long (crashed, or its event loop stalled
   * that long) leaves the registry. At least twice the heartbeat; default 15 000 ms.
   */
  readonly registryTtlMs?: number;
  /** If set, must equal the node count the marshal defined (a guard against pointing at the wrong network). */
  readonly expectedNodes?: number;
  /** Wait for a marshal to define the network this long at most; default for ever (until `signal`). */
  readonly signal?: AbortSignal;
}

/** Default of ScaleOutBrokerOptions.registryTtlMs. */
export const DEFAULT_REGISTRY_TTL_MS = 15_000;

/**
 * One broker of the scale-out (DESIGN.md section 5): a CdnBroker whose gate redeems the marshal's permits and whose
 * router spans the mesh, registered in Redis with a heartbeat so the marshal can send it nodes.
 */
export class ScaleOutBroker {
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private heartbeatFailing = false;
  private ticking = false;
  /** When the registration was last renewed (this process's clock), for the renewal-age gauge and late renewals. */
  private renewedAt: number;
  /** The peers of the last registry round, to look up a lost one's address and token. */
  private peers = new Map<string, BrokerRecord>();

  private constructor(
    readonly id: string,
    readonly broker: CdnBroker,
    private readonly mesh: BrokerMesh,
    private readonly router: MeshFrameRouter,
    private readonly gate: PermitGate,
    private readonly registry: BrokerRegistry,
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly record: Omit<BrokerRecord, 'connections'>,
    private readonly log: Logger,
    private readonly heartbeatMs: number,
    private readonly now: () => number,
  ) {
    this.renewedAt = now();
  }

  /** Waits for the network definition, binds both ports, registers in Redis and joins the mesh. */
  static async start(options: ScaleOutBrokerOptions): Promise<ScaleOutBroker> {
    const logger = options.logger ?? silentLogger;
    const id = options.brokerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const log = logger.child({ module: 'cdn-scale-out', broker: id });
    const host = options.host ?? '127.0.0.1';
    const advertiseHost = options.advertiseHost ?? host;
    if (advertiseHost === '0.0.0.0' || advertiseHost === '::') {
      throw new InvalidScaleOutOptionsError('a wildcard bind address needs an advertise host that nodes can reach', {
        host,
      });
    }
    if (!/^[A-Za-z0-9._:-]{1,100}$/.test(id)) {
      throw new InvalidScaleOutOptionsError('a broker id is 1..100 letters, digits, dots, dashes or colons', { id });
    }
    const heartbeatMs = options.registryHeartbeatMs ?? 1000;
    const ttlMs = options.registryTtlMs ?? DEFAULT_REGISTRY_TTL_MS;
    if (ttlMs < 2 * heartbeatMs) {
      throw new InvalidScaleOutOptionsError('the registry TTL must be at least twice the registry heartbeat', {
        registryTtlMs: ttlMs,
        registryHeartbeatMs: heartbeatMs,
      });
    }
    const keys = new RedisKeys(options.redisPrefix ?? DEFAULT_REDIS_PREFIX);
    const redis = await openRedis({ url: options.redisUrl }, log, 'broker');
    const cleanup: (() => Promise<void>)[] = [() => closeRedis(redis)];
    let scaleOut: ScaleOutBroker | undefined;
    try {
      const network = await waitForNetwork(redis, keys, 250, options.signal ?? new AbortController().signal, () =>
        log.info('waiting for a marshal to define the network', { redisPrefix: keys.prefix }),
      );
      if (options.expectedNodes !== undefined) checkNetwork(network, options.expectedNodes, undefined, keys);
      const redisRoster = new RedisRoster(redis, keys);
      const table = network.l1StakeTable;
      const gate = new PermitGate(
        id,
        new PermitStore(redis, keys),
        redisRoster,
        table
          ? Roster.fromStakeTable(table.stakeTable)
          : new Roster(network.expectedNodes, await redisRoster.keysFrom(0)),
        `redis ${keys.prefix}, roster: ${rosterSource(table)}`,
      );
      const registry = new BrokerRegistry(redis, keys);
      const token = new Uint8Array(randomBytes(32));
      const now = options.now ?? Date.now;
      const maxFrameBytes = options.maxFrameBytes ?? 8 * 1024 * 1024;
      const mesh = new BrokerMesh({
        selfId: id,
        token,
        host,
        port: options.meshPort ?? 0,
        maxFrameBytes,
        budgetBytes: 4 * (options.outboundBudgetBytes ?? 4 * maxFrameBytes),
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5000,
        heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 15_000,
        handshakeTimeoutMs: options.authTimeoutMs ?? 5000,
        closeGraceMs: options.closeGraceMs ?? 1000,
        lookupPeer: (peer) => registry.record(peer),
        onPeerLost: (peer) => scaleOut?.checkLostPeer(peer),
        logger: log,
        now,
      });
      // The hooks run only once frames flow, after the broker exists.
      const router = new MeshFrameRouter(id, mesh, {
        supersede: (key) => broker.supersede(key),
        flush: () => broker.flushOutput(),
      });
      const broker = new CdnBroker({
        ...options,
        expectedNodes: network.expectedNodes,
        config: network.config,
        gate,
        router,
      });
      cleanup.push(
        () => broker.close(),
        () => mesh.close(),
      );
      const nodeAddress = await broker.listen();
      const meshAddress = await mesh.listen();
      const subscriber = redis.duplicate();
      cleanup.push(() => closeRedis(subscriber));
      scaleOut = new ScaleOutBroker(
        id,
        broker,
        mesh,
        router,
        gate,
        registry,
        redis,
        subscriber,
        {
          id,
          endpoint: formatEndpoint(advertiseHost, nodeAddress.port),
          mesh: formatEndpoint(advertiseHost, meshAddress.port),
          token: tokenHex(token),
          ttlMs,
        },
        log,
        heartbeatMs,
        now,
      );
      await scaleOut.begin(keys);
      return scaleOut;
    } catch (error) {
      for (const close of cleanup.reverse()) await close().catch(() => undefined);
      throw error;
    }
  }

  /** Where nodes connect, as registered. */
  get endpoint(): string {
    return this.record.endpoint;
  }

  /** Where peers connect, as registered. */
  get meshEndpoint(): string {
    return this.record.mesh;
  }

  /** Nodes this broker knows to be on other brokers. */
  get remoteNodes(): number {
    return this.router.directory.size - this.router.localNodes;
  }

  /** Frames forwarded to and received from other brokers since start. */
  get forwarded(): Readonly<MeshFrameRouter['forwarded']> {
    return { ...this.router.forwarded };
  }

  /** The topics the directory knows subscribers of on broker `id` (this one's included). */
  topicsOn(id: string): number {
    return this.router.directory.topicsOf(id);
  }

  /** Established mesh links. */
  get meshLinks(): number {
    return this.mesh.links().length;
  }

  /** Leaves the registry (the marshal stops sending nodes here at once), closes the mesh, the broker and Redis. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.registry.unregister(this.id, this.record.token).catch((error: unknown) => {
        this.log.warn('could not leave the registry; the record expires by itself', { error });
      });
      await this.mesh.close();
      await this.broker.close();
      await closeRedis(this.subscriber);
      await closeRedis(this.redis);
    })();
    return this.closing;
  }

  private async begin(keys: RedisKeys): Promise<void> {
    this.registerMetrics();
    this.subscriber.on('message', () => this.refreshRoster());
    await this.subscriber.subscribe(keys.rosterEvents);
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.heartbeatMs);
    this.timer.unref();
    this.log.info('broker registered', { endpoint: this.record.endpoint, mesh: this.record.mesh });
  }

  /** One registry round: renew the record, dial new peers, and catch up with the roster if it is not full. */
  private async tick(): Promise<void> {
    if (this.closing || this.ticking) return;
    this.ticking = true;
    try {
      await this.registry.heartbeat({ ...this.record, connections: this.broker.authenticatedNodes });
      const renewedAt = this.now();
      const gapMs = renewedAt - this.renewedAt;
      this.renewedAt = renewedAt;
      if (gapMs > 3 * this.heartbeatMs) {
        // A stalled event loop or a slow Redis: the record's long TTL bridged the gap, but it is worth knowing.
        this.log.warn('registry renewal was late', { gapMs, heartbeatMs: this.heartbeatMs, ttlMs: this.record.ttlMs });
      }
      const peers = await this.registry.registered(Date.now(), this.record.ttlMs);
      if (this.closing) return;
      const others = peers.filter((peer) => peer.id !== this.id);
      this.peers = new Map(others.map((peer) => [peer.id, peer]));
      this.mesh.reconcile(others);
      if (this.heartbeatFailing) this.log.info('registry heartbeat restored', {});
      this.heartbeatFailing = false;
    } catch (error) {
      if (!this.heartbeatFailing) this.log.warn('registry heartbeat failed', { error });
      this.heartbeatFailing = true;
    } finally {
      this.ticking = false;
    }
    if (!this.gate.roster.isFull) this.refreshRoster();
  }

  /**
   * A mesh link dropped. If the peer's node port refuses connections, the peer is gone (a crash leaves its record to
   * expire): remove the record now, so the marshal stops sending nodes there within milliseconds instead of a TTL.
   * A peer that is alive after all registers again on its next heartbeat.
   */
  checkLostPeer(peerId: string): void {
    const record = this.peers.get(peerId);
    if (record === undefined || this.closing) return;
    void refusesConnections(record.endpoint).then(async (gone) => {
      if (!gone || this.closing) return;
      this.log.warn('peer broker is gone; removing its registration', { peer: peerId, endpoint: record.endpoint });
      await this.registry.unregister(peerId, record.token).catch((error: unknown) => {
        this.log.warn('could not remove the registration of a gone peer', { peer: peerId, error });
      });
    });
  }

  private refreshRoster(): void {
    if (this.closing) return;
    this.gate.refresh().then(
      (grew) => {
        if (grew) this.broker.rosterChanged();
      },
      (error: unknown) => this.log.warn('roster refresh failed', { error }),
    );
  }

  private registerMetrics(): void {
    const registers = [this.broker.metrics.registry];
    const mesh = this.mesh;
    const router = this.router;
    const renewalAgeSeconds = () => (this.now() - this.renewedAt) / 1000;
    new Gauge({
      name: 'cdn_registry_renewal_age_seconds',
      help: 'Seconds since this broker last renewed its registration in Redis (it expires at the registry TTL).',
      registers,
      collect() {
        this.set(renewalAgeSeconds());
      },
    });
    new Gauge({
      name: 'cdn_mesh_links',
      help: 'Established links to other brokers.',
      registers,
      collect() {
        this.set(mesh.links().length);
      },
    });
    new Gauge({
      name: 'cdn_mesh_remote_nodes',
      help: 'Nodes the directory places on other brokers.',
      registers,
      collect() {
        this.set(router.directory.size - router.localNodes);
      },
    });
    new Counter({
      name: 'cdn_mesh_forwarded_frames_total',
      help: 'Frames forwarded over the mesh, by kind and direction.',
      labelNames: ['kind', 'direction'],
      registers,
      collect() {
        this.reset();
        const f = router.forwarded;
        const counts = [
          ['broadcast', 'out', f.broadcastOut],
          ['direct', 'out', f.directOut],
          ['broadcast', 'in', f.broadcastIn],
          ['direct', 'in', f.directIn],
        ] as const;
        for (const [kind, direction, value] of counts) if (value > 0) this.inc({ kind, direction }, value);
      },
    });
  }
}

/** Whether `endpoint` actively refuses a TCP connection (nothing listens); false when it accepts or does not answer. */
function refusesConnections(endpoint: string, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: Socket;
    try {
      socket = connect(parseEndpoint(endpoint));
    } catch {
      resolve(false);
      return;
    }
    const done = (refused: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(refused);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(false));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}
