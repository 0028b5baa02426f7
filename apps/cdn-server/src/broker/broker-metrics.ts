import { Counter, Gauge, Registry } from 'prom-client';
import { FRAME_KIND_NAMES } from '@hotshot/cdn';

/** Live values the gauges read at scrape time. */
export interface BrokerGaugeSource {
  connections(): number;
  authenticatedNodes(): number;
  rosterNodes(): number;
}

/**
 * The broker's Prometheus metrics, on a registry of its own (several brokers can share a process in tests).
 * The hot path bumps plain numbers; prom-client reads them at scrape time, because a labelled `inc` hashes its
 * labels on every call and the broker counts every frame to every recipient.
 */
export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly framesIn = new Float64Array(FRAME_KIND_NAMES.length);
  private readonly bytesIn = new Float64Array(FRAME_KIND_NAMES.length);
  private readonly framesOut = new Float64Array(FRAME_KIND_NAMES.length);
  private readonly bytesOut = new Float64Array(FRAME_KIND_NAMES.length);
  private readonly drops = new Map<string, number>();
  private readonly disconnects = new Map<string, number>();
  private readonly pendingLimits = new Map<string, number>();
  private readonly sendBudgetActions = new Map<string, number>();

  constructor(source: BrokerGaugeSource) {
    const registers = [this.registry];
    const drops = this.drops;
    const disconnects = this.disconnects;
    new Gauge({
      name: 'cdn_broker_connections',
      help: 'Open TCP connections, authenticated or not.',
      registers,
      collect() {
        this.set(source.connections());
      },
    });
    new Gauge({
      name: 'cdn_broker_authenticated_nodes',
      help: 'Connections that completed authentication.',
      registers,
      collect() {
        this.set(source.authenticatedNodes());
      },
    });
    new Gauge({
      name: 'cdn_broker_roster_nodes',
      help: 'Keys in the roster (the network starts when it reaches the expected count).',
      registers,
      collect() {
        this.set(source.rosterNodes());
      },
    });
    const perKind = (name: string, help: string, inbound: Float64Array, outbound: Float64Array) =>
      new Counter({
        name,
        help,
        labelNames: ['kind', 'direction'],
        registers,
        collect() {
          this.reset();
          for (let kind = 1; kind < FRAME_KIND_NAMES.length; kind++) {
            if (inbound[kind] > 0) this.inc({ kind: FRAME_KIND_NAMES[kind], direction: 'in' }, inbound[kind]);
            if (outbound[kind] > 0) this.inc({ kind: FRAME_KIND_NAMES[kind], direction: 'out' }, outbound[kind]);
          }
        },
      });
    perKind('cdn_broker_frames_total', 'Frames received and sent, by kind.', this.framesIn, this.framesOut);
    perKind('cdn_broker_bytes_total', 'Frame bytes received and sent, by kind.', this.bytesIn, this.bytesOut);
    new Counter({
      name: 'cdn_broker_dropped_frames_total',
      help: 'Frames not delivered, by kind and reason (recipient offline, unknown recipient, slow consumer).',
      labelNames: ['kind', 'reason'],
      registers,
      collect() {
        this.reset();
        for (const [key, value] of drops) {
          const [kind, reason] = key.split('|');
          this.inc({ kind, reason }, value);
        }
      },
    });
    new Counter({
      name: 'cdn_broker_disconnects_total',
      help: 'Connections closed, by reason.',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const [reason, value] of disconnects) this.inc({ reason }, value);
      },
    });
    const pendingLimits = this.pendingLimits;
    new Counter({
      name: 'cdn_broker_pending_limit_total',
      help: 'Connections awaiting authentication refused or evicted at a limit, by limit (global, per_address) and action (refused, evicted).',
      labelNames: ['limit', 'action'],
      registers,
      collect() {
        this.reset();
        for (const [key, value] of pendingLimits) {
          const [limit, action] = key.split('|');
          this.inc({ limit, action }, value);
        }
      },
    });
    const sendBudgetActions = this.sendBudgetActions;
    new Counter({
      name: 'cdn_broker_send_budget_total',
      help: 'Members over their send budget, by action: throttled (reading paused), cut_sustained (over budget too long), cut_flooding (flooded a receiver).',
      labelNames: ['action'],
      registers,
      collect() {
        this.reset();
        for (const [action, value] of sendBudgetActions) this.inc({ action }, value);
      },
    });
  }

  /** Counts a pending connection refused or evicted at a limit. */
  pendingLimit(limit: string, action: 'refused' | 'evicted'): void {
    const key = `${limit}|${action}`;
    this.pendingLimits.set(key, (this.pendingLimits.get(key) ?? 0) + 1);
  }

  /** Counts what was done to a member over its send budget. */
  sendBudget(action: 'throttled' | 'cut_sustained' | 'cut_flooding'): void {
    this.sendBudgetActions.set(action, (this.sendBudgetActions.get(action) ?? 0) + 1);
  }

  /** Pending connections refused or evicted at a limit so far (for tests and logs). */
  pendingLimitsFor(limit: string, action: 'refused' | 'evicted'): number {
    return this.pendingLimits.get(`${limit}|${action}`) ?? 0;
  }

  /** Send-budget actions so far (for tests and logs). */
  sendBudgetFor(action: 'throttled' | 'cut_sustained' | 'cut_flooding'): number {
    return this.sendBudgetActions.get(action) ?? 0;
  }

  /** Counts a frame received. */
  frameIn(kind: number, bytes: number): void {
    this.framesIn[kind]++;
    this.bytesIn[kind] += bytes;
  }

  /** Counts `frames` frames of one kind, `bytes` in all, queued for a recipient. */
  framesOutOf(kind: number, frames: number, bytes: number): void {
    this.framesOut[kind] += frames;
    this.bytesOut[kind] += bytes;
  }

  /** Counts a frame that was not delivered. */
  dropped(kind: number, reason: string): void {
    const key = `${FRAME_KIND_NAMES[kind] ?? 'invalid'}|${reason}`;
    this.drops.set(key, (this.drops.get(key) ?? 0) + 1);
  }

  /** Counts a closed connection. */
  disconnected(reason: string): void {
    this.disconnects.set(reason, (this.disconnects.get(reason) ?? 0) + 1);
  }

  /** Frames received of a kind so far (for tests and logs). */
  framesReceived(kind: number): number {
    return this.framesIn[kind];
  }

  /** Disconnects for a reason so far (for tests and logs). */
  disconnectsFor(reason: string): number {
    return this.disconnects.get(reason) ?? 0;
  }

  /** Drops of a kind for a reason so far (for tests and logs). */
  dropsFor(kind: number, reason: string): number {
    return this.drops.get(`${FRAME_KIND_NAMES[kind] ?? 'invalid'}|${reason}`) ?? 0;
  }
}
