import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type Redis from 'ioredis';
import type { Hex } from 'viem';
import { Counter, Gauge, Registry } from 'prom-client';
import {
  type AuthenticateMessage,
  CdnProtocolError,
  decodeFrame,
  DEFAULT_MAX_CLOCK_SKEW_MS,
  encodeFrame,
  PONG_FRAME,
  ErrorCode,
  errorCodeName,
  FrameDecoder,
  FrameKind,
  UnexpectedFrameError,
} from '@hotshot/cdn';
import { type Logger, silentLogger } from '@hotshot/telemetry';
import { BrokerListenError, TooManyConnectionsError } from '../broker/broker-errors';
import { Roster } from '../broker/roster';
import { BrokerRegistry, pickBroker, type LiveBroker } from './broker-registry';
import { MarshalAuth, type MarshalAdmission } from './marshal-auth';
import { defineNetwork, rosterSource, type NetworkDefinition } from './network-definition';
import { PermitStore } from './permit-store';
import { closeRedis, openRedis } from './redis-connection';
import { DEFAULT_REDIS_PREFIX, RedisKeys } from './redis-keys';
import { RedisRoster } from './redis-roster';
import { NetworkMismatchError, NoBrokerAvailableError } from './scale-out-errors';

/**
 * Options of CdnMarshal; the network (node count, config) and Redis are required. With `l1StakeTable` (read from
 * StakeTable.sol) the roster is that table: each key at its index in it, and any other key refused.
 */
export interface CdnMarshalOptions extends NetworkDefinition {
  /** `redis://host:port`. */
  readonly redisUrl: string;
  /** Prefix of every Redis key; default `hotshot-cdn`. */
  readonly redisPrefix?: string;
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; default 0 (ephemeral). */
  readonly port?: number;
  /** Lifetime of a permit; default 5000 ms. */
  readonly permitTtlMs?: number;
  /**
   * A broker whose record is older than this is stale: it gets nodes only while no fresher broker is registered (a
   * stalled event loop delays renewals, it does not stop the broker serving); default 5000 ms (brokers renew every
   * 1000 ms, and their record lives 15 000 ms).
   */
  readonly brokerStaleAfterMs?: number;
  /** Time a connection has to authenticate; default 5000 ms. */
  readonly authTimeoutMs?: number;
  /** Largest accepted difference between an Authenticate timestamp and this clock; default 5000 ms. */
  readonly maxClockSkewMs?: number;
  /** Connections allowed to be open at once; default 256. */
  readonly maxConnections?: number;
  /** Time a closing connection gets to drain its last frame; default 1000 ms. */
  readonly closeGraceMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** Default of CdnMarshalOptions.brokerStaleAfterMs. */
export const DEFAULT_BROKER_STALE_AFTER_MS = 5000;

/** The one frame the marshal reads is an Authenticate (153 bytes); anything longer is refused unread. */
const MAX_MARSHAL_FRAME_BYTES = 1024;

/**
 * The scale-out's marshal (DESIGN.md section 5, after Push-CDN): authenticates a node exactly as the single broker
 * does, against the roster in Redis (assigning the next index to a new key), picks the least-loaded live broker and
 * answers with a Redirect carrying a one-time permit for it. It keeps no connection past that answer and no state
 * but Redis's, so a restarted marshal, or several, agree on every index.
 */
export class CdnMarshal {
  readonly metrics = new Registry();
  private readonly log: Logger;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly auth: MarshalAuth;
  private readonly permits: PermitStore;
  private readonly registry: BrokerRegistry;
  private readonly redirects: Counter;
  private readonly refusals: Counter;
  private readonly noBroker: Counter;
  private readonly stalePlacements: Counter;
  private closing: Promise<void> | undefined;
  private placing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: CdnMarshalOptions,
    private readonly redis: Redis,
    readonly keys: RedisKeys,
    readonly network: NetworkDefinition,
    l1Roster: Roster | undefined,
  ) {
    this.log = (options.logger ?? silentLogger).child({ module: 'cdn-marshal' });
    this.auth = new MarshalAuth(
      new RedisRoster(redis, keys),
      network.expectedNodes,
      options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
      l1Roster && network.l1StakeTable && { roster: l1Roster, l1Block: network.l1StakeTable.l1Block },
    );
    this.permits = new PermitStore(redis, keys);
    this.registry = new BrokerRegistry(redis, keys);
    const registers = [this.metrics];
    const sockets = this.sockets;
    new Gauge({
      name: 'cdn_marshal_connections',
      help: 'Open connections (each lives until its Redirect or refusal).',
      registers,
      collect() {
        this.set(sockets.size);
      },
    });
    this.redirects = new Counter({ name: 'cdn_marshal_redirects_total', help: 'Permits handed out.', registers });
    this.refusals = new Counter({
      name: 'cdn_marshal_refusals_total',
      help: 'Connections refused, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.noBroker = new Counter({
      name: 'cdn_marshal_no_live_broker_refusals_total',
      help: 'Nodes refused because no broker was registered at all.',
      registers,
    });
    this.stalePlacements = new Counter({
      name: 'cdn_marshal_stale_broker_placements_total',
      help: 'Nodes sent to a broker whose registration was stale, because no fresher broker was registered.',
      registers,
    });
    const registry = this.registry;
    const now = options.now ?? Date.now;
    const permitTtlMs = options.permitTtlMs ?? 5000;
    const log = this.log;
    new Gauge({
      name: 'cdn_marshal_broker_registration_age_seconds',
      help: 'Seconds since each registered broker last renewed its registration, as Redis sees it.',
      labelNames: ['broker'],
      registers,
      async collect() {
        try {
          const brokers = await registry.registered(now(), permitTtlMs);
          this.reset();
          for (const broker of brokers) this.set({ broker: broker.id }, broker.ageMs / 1000);
        } catch (error) {
          log.warn('could not read the broker registry for metrics', { error });
        }
      },
    });
    this.server = createServer((socket) => this.accept(socket));
  }

  /**
   * Connects to Redis and defines the network there, or checks the definition a previous marshal stored
   * (NetworkMismatchError when it differs); with a stake table from L1, seeds the roster with it. Call listen() next.
   */
  static async create(options: CdnMarshalOptions): Promise<CdnMarshal> {
    const logger = (options.logger ?? silentLogger).child({ module: 'cdn-marshal' });
    const keys = new RedisKeys(options.redisPrefix ?? DEFAULT_REDIS_PREFIX);
    const redis = await openRedis({ url: options.redisUrl }, logger, 'marshal');
    try {
      const network = await defineNetwork(redis, keys, options);
      const l1Roster = network.l1StakeTable && Roster.fromStakeTable(network.l1StakeTable.stakeTable);
      if (l1Roster) await seedRoster(new RedisRoster(redis, keys), l1Roster.publicKeys(), keys);
      return new CdnMarshal(options, redis, keys, network, l1Roster);
    } catch (error) {
      await closeRedis(redis);
      throw error;
    }
  }

  /** Binds the port; resolves with the bound address. */
  async listen(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error) => reject(new BrokerListenError(host, port, error)));
      this.server.listen(port, host, () => resolve());
    });
    this.log.info('listening', {
      ...this.address,
      expectedNodes: this.network.expectedNodes,
      redisPrefix: this.keys.prefix,
      roster: rosterSource(this.network.l1StakeTable),
    });
    return this.address;
  }

  /** The bound address (after listen). */
  get address(): { host: string; port: number } {
    const info = this.server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  /** Stops accepting, drops open connections and closes Redis. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      if (this.server.listening) await closed;
      await closeRedis(this.redis);
      this.log.info('stopped', {});
    })();
    return this.closing;
  }

  private accept(socket: Socket): void {
    let checking = false;
    const refuse = (error: unknown) => this.refuse(socket, error);
    const deadline = setTimeout(() => {
      if (!checking) refuse(new CdnProtocolError(ErrorCode.AuthTimeout, 'no authentication before the deadline'));
    }, this.options.authTimeoutMs ?? 5000);
    deadline.unref();
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    this.sockets.add(socket);
    socket.once('close', () => {
      clearTimeout(deadline);
      this.sockets.delete(socket);
    });
    if (this.closing) {
      refuse(new CdnProtocolError(ErrorCode.ShuttingDown, 'marshal is shutting down'));
      return;
    }
    if (this.sockets.size > (this.options.maxConnections ?? 256)) {
      refuse(new TooManyConnectionsError(this.options.maxConnections ?? 256));
      return;
    }
    const decoder = new FrameDecoder(MAX_MARSHAL_FRAME_BYTES);
    const onFrame = (frame: Uint8Array) => {
      const message = decodeFrame(frame);
      if (message.kind === FrameKind.Ping) socket.write(PONG_FRAME);
      else if (message.kind === FrameKind.Error) socket.destroy();
      else if (message.kind === FrameKind.Authenticate && !checking) {
        checking = true;
        this.redirect(socket, message).catch(refuse);
      } else if (message.kind !== FrameKind.Pong) {
        throw new UnexpectedFrameError(message.kind, checking ? 'authenticating' : 'unauthenticated');
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (socket.writableEnded) return;
      try {
        decoder.push(chunk, onFrame);
      } catch (error) {
        refuse(error);
      }
    });
  }

  /**
   * Picks a broker (the least-loaded fresh one, else the freshest stale one: see pickBroker) and issues the permit
   * for it; refuses only when no broker is registered at all. One placement at a time: the permit counts toward the
   * broker's load, so a burst of joins through this marshal spreads instead of piling on one broker.
   */
  private place(admitted: MarshalAdmission): Promise<{ broker: LiveBroker; permit: Uint8Array }> {
    const placement = this.placing.then(async () => {
      const now = this.options.now ?? Date.now;
      const permitTtlMs = this.options.permitTtlMs ?? 5000;
      const staleAfterMs = this.options.brokerStaleAfterMs ?? DEFAULT_BROKER_STALE_AFTER_MS;
      const choice = pickBroker(await this.registry.registered(now(), permitTtlMs), staleAfterMs);
      if (choice === undefined) {
        this.noBroker.inc();
        throw new NoBrokerAvailableError();
      }
      const { broker } = choice;
      if (choice.stale) {
        this.stalePlacements.inc();
        this.log.warn('no fresh broker; sending the node to the most recently renewed one', {
          broker: broker.id,
          ageMs: broker.ageMs,
          staleAfterMs,
        });
      }
      const { publicKey, index, isNew, epoch } = admitted;
      const grant = { publicKey, index, isNew, epoch, broker: broker.id };
      return { broker, permit: await this.permits.issue(grant, permitTtlMs, now()) };
    });
    this.placing = placement.catch(() => undefined);
    return placement;
  }

  /** Answers with an Error frame and closes (a refusal is logged as a warning, a local failure as an error). */
  private refuse(socket: Socket, error: unknown): void {
    if (socket.destroyed || socket.writableEnded) return;
    const code = error instanceof CdnProtocolError ? error.code : ErrorCode.Internal;
    const reason = errorCodeName(code);
    this.refusals.inc({ reason });
    if (error instanceof CdnProtocolError) {
      this.log.warn('node refused', {
        remote: socket.remoteAddress,
        reason,
        error: error.shortMessage,
        ...error.details,
      });
    } else {
      this.log.error('admission failed; node refused', { remote: socket.remoteAddress, error });
    }
    const message = error instanceof CdnProtocolError ? error.shortMessage : 'marshal could not admit the node';
    socket.end(encodeFrame({ kind: FrameKind.Error, code, message }));
    setTimeout(() => socket.destroy(), this.options.closeGraceMs ?? 1000).unref();
  }

  /** Admits the node, issues its permit for the least-loaded broker and sends the Redirect. */
  private async redirect(socket: Socket, message: AuthenticateMessage): Promise<void> {
    const now = this.options.now ?? Date.now;
    const admitted = await this.auth.admit(message, now());
    // A new key joins the roster whether or not a broker is up: its index is fixed from now on.
    if (admitted.isNew) await this.redis.publish(this.keys.rosterEvents, String(admitted.rosterSize));
    const { broker, permit } = await this.place(admitted);
    if (socket.destroyed || socket.writableEnded) return;
    this.redirects.inc();
    this.log.info(admitted.isNew ? 'node joined' : 'node returned', {
      index: admitted.index,
      publicKey: admitted.publicKey,
      broker: broker.id,
      endpoint: broker.endpoint,
      load: broker.load,
      joined: admitted.rosterSize,
      expected: this.network.expectedNodes,
    });
    socket.end(encodeFrame({ kind: FrameKind.Redirect, permit, endpoint: broker.endpoint }));
    setTimeout(() => socket.destroy(), this.options.closeGraceMs ?? 1000).unref();
  }
}

/**
 * Seeds the roster in Redis with the stake table's keys, in table order, so the admission script finds every member's
 * index (a marshal restarted, or a second one, finds it seeded); throws NetworkMismatchError naming the first index at
 * which Redis holds another roster.
 */
async function seedRoster(roster: RedisRoster, wanted: readonly Hex[], keys: RedisKeys): Promise<void> {
  const held = await roster.seed(wanted);
  for (let index = 0; index < Math.max(held.length, wanted.length); index++) {
    if (held[index] !== wanted[index]) {
      throw new NetworkMismatchError(
        keys.roster,
        `roster[${index}]`,
        held[index] ?? 'nothing',
        wanted[index] ?? 'nothing',
      );
    }
  }
}
