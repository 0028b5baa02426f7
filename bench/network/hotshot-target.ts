/**
 * Our network as a LoadTarget: a submission goes to a node's submit route and is decided when a block that holds
 * its hash shows on node 0. Heights are watched on the cheap block-height endpoint so the measurement never lags
 * behind the network; which transactions each height holds is read after the submitting ends.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestNetwork } from '../../test/support/network-harness';
import { postJson } from './http-post';
import type { LoadTarget } from './load-generator';

/** The sequencer's counter of views it timed out (apps/sequencer/src/metrics/node-metrics.ts). */
const VIEW_TIMEOUTS = 'sequencer_consensus_view_timeouts_total';

/** Reads the unlabelled counter `name` from Prometheus text, or NaN when absent. */
export function readCounter(text: string, name: string): number {
  const match = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** Our five sequencers (behind cdn-server) under the bench's load. */
export class HotShotTarget implements LoadTarget {
  readonly members: number;
  private seenAt = new Map<number, number>();
  private firstHeight = 0;
  private stopWatching = new AbortController();
  private watcher: Promise<void> = Promise.resolve();

  /** `system` names it in the output: `ours`, or `ours-remote-signer` when every node signs remotely. */
  constructor(
    private readonly net: TestNetwork,
    readonly system = 'ours',
  ) {
    this.members = net.options.nodes;
  }

  pids(): number[] {
    return this.net.nodePids();
  }

  async begin(): Promise<void> {
    this.seenAt = new Map();
    this.firstHeight = (await this.net.blockHeight(0)) ?? 0;
    for (let h = 0; h < this.firstHeight; h++) this.seenAt.set(h, 0);
    this.stopWatching = new AbortController();
    this.watcher = this.watchHeights(this.stopWatching.signal);
  }

  /** Through TestNetwork.submit (a 429 or 503 is retried) over the bench's lean client. */
  async submit(member: number, payload: Uint8Array, n: number): Promise<string> {
    return this.net.submit(member, 1 + (n % 3), payload, undefined, postJson);
  }

  async settle(ids: ReadonlySet<string>, deadline: number): Promise<Map<string, number>> {
    const located = new Map<string, number>();
    let scannedUntil = this.firstHeight;
    try {
      while (Date.now() < deadline) {
        const height = (await this.net.blockHeight(0)) ?? scannedUntil;
        for (let h = scannedUntil; h < height; h++) {
          const { body } = await this.net.get<{ transactions: { hash: string }[] | null }>(
            0,
            `/v0/availability/block/${h}`,
          );
          for (const tx of body.transactions ?? []) if (!located.has(tx.hash)) located.set(tx.hash, h);
        }
        scannedUntil = height;
        if ([...ids].every((id) => located.has(id))) break;
        await sleep(250);
      }
    } finally {
      this.stopWatching.abort();
      await this.watcher;
    }
    const decidedAt = new Map<string, number>();
    for (const id of ids) {
      const at = this.seenAt.get(located.get(id) ?? -1);
      if (at !== undefined) decidedAt.set(id, at);
    }
    return decidedAt;
  }

  async counters(): Promise<Record<string, number[]>> {
    const viewTimeouts = await Promise.all(
      Array.from({ length: this.members }, async (_, i) => {
        try {
          const res = await fetch(`${this.net.api(i)}/v0/status/metrics`, { signal: AbortSignal.timeout(30_000) });
          return readCounter(await res.text(), VIEW_TIMEOUTS);
        } catch {
          return Number.NaN;
        }
      }),
    );
    return { viewTimeouts };
  }

  extras(started: number, submitEnd: number): Record<string, number | null> {
    const heights = [...this.seenAt].filter(([h, at]) => h >= this.firstHeight && at <= submitEnd).length;
    return { blocksPerSec: Number((heights / Math.max(0.001, (submitEnd - started) / 1000)).toFixed(2)) };
  }

  /** Records when each height first shows on node 0. */
  private async watchHeights(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      const height = await this.net.blockHeight(0);
      const now = Date.now();
      if (height !== undefined) for (let h = height - 1; h >= 0 && !this.seenAt.has(h); h--) this.seenAt.set(h, now);
      await sleep(20);
    }
  }
}
