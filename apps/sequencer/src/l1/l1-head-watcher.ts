import { errorLogFields } from '@hotshot/l1';
import { Backoff, sleep, type BackoffPolicy, type Logger } from '@hotshot/telemetry';
import type { Counter, Gauge } from 'prom-client';
import { createPublicClient, http, webSocket } from 'viem';

/** This node's view of L1 as the consensus shell reads it: the highest finalized L1 block it has seen. */
export interface L1HeadView {
  /** The highest finalized L1 block number seen so far, or undefined before the L1 first answered. */
  readonly head: number | undefined;
  /** Calls `listener` with the new head each time it rises; returns the unsubscribe function. */
  onAdvance(listener: (head: number) => void): () => void;
  /** Reads L1 now instead of at the next poll (one read at a time): a peer named a block this view has not seen. */
  refresh(): void;
}

/** The watcher's metrics (NodeMetrics holds them). */
export interface L1HeadWatcherMetrics {
  /** The highest finalized L1 block seen. */
  readonly l1FinalizedBlock: Gauge;
  /** Polls that failed, by reason: `request` (no answer or an error), `backwards` (an older block than seen). */
  readonly l1PollFailures: Counter<'reason'>;
}

/** How the watcher reaches L1 and how often. */
export interface L1HeadWatcherOptions {
  /** The L1 JSON-RPC endpoint (http(s) or ws(s)). */
  readonly url: string;
  /** Time between polls while the L1 answers, in ms. */
  readonly pollIntervalMs: number;
  readonly metrics: L1HeadWatcherMetrics;
  readonly log: Logger;
  /** Back-off after failed polls; default 500 ms doubling up to 30 s. */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Reads the finalized block number; default viem's getBlock({ blockTag: 'finalized' }) on `url`. */
  readonly readFinalized?: () => Promise<bigint>;
}

/**
 * The L1 watcher of DESIGN.md 6: polls the L1's finalized block (`eth_getBlockByNumber("finalized")`) and keeps
 * the highest number it has seen, which a leader puts in its header's l1Head and against which a replica checks
 * the l1Head it is offered. The head never goes back: an L1 node that answers an older finalized block (another
 * backend behind a load balancer, a node resyncing) is logged and counted, and the head stays. Failed polls are
 * logged and counted and retried with back-off; a success resets it.
 *
 * On anvil (1.7), 'finalized' is the latest block minus 64 (two epochs of 32 slots; 'safe' is latest - 32), and
 * block 0 until the chain passes 64 blocks: a local chain's finalized head moves only as blocks are mined.
 */
export class L1HeadWatcher implements L1HeadView {
  private current: number | undefined;
  private readonly listeners = new Set<(head: number) => void>();
  private readonly readFinalized: () => Promise<bigint>;
  private readonly backoff: Backoff;
  private refreshing = false;

  constructor(private readonly options: L1HeadWatcherOptions) {
    this.backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 30_000, ...options.backoff });
    this.readFinalized = options.readFinalized ?? viemFinalizedReader(options.url);
  }

  get head(): number | undefined {
    return this.current;
  }

  onAdvance(listener: (head: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  refresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    void this.poll().finally(() => {
      this.refreshing = false;
    });
  }

  /** Polls until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    this.options.log.info('watching L1 finalized blocks', { pollIntervalMs: this.options.pollIntervalMs });
    while (!signal.aborted) {
      const failure = await this.poll();
      if (signal.aborted) return;
      let delayMs = this.options.pollIntervalMs;
      if (failure !== undefined) {
        delayMs = this.backoff.next();
        this.options.log.warn('L1 finalized block not read; retrying', {
          failures: this.backoff.failures,
          delayMs,
          ...errorLogFields(failure.error),
        });
      }
      await sleep(delayMs, signal);
    }
  }

  /**
   * One poll: reads the finalized block and raises the head. Resolves undefined when the L1 answered, else the
   * error (counted here; run logs it with its back-off).
   */
  async poll(): Promise<{ readonly error: unknown } | undefined> {
    let block: bigint;
    try {
      block = await this.readFinalized();
    } catch (error) {
      this.options.metrics.l1PollFailures.inc({ reason: 'request' });
      return { error };
    }
    this.backoff.reset();
    const number = Number(block);
    if (this.current !== undefined && number < this.current) {
      this.options.metrics.l1PollFailures.inc({ reason: 'backwards' });
      this.options.log.warn('L1 answered an older finalized block than seen; keeping the head', {
        head: this.current,
        answered: number,
      });
      return undefined;
    }
    if (number === this.current) return undefined;
    const first = this.current === undefined;
    this.current = number;
    this.options.metrics.l1FinalizedBlock.set(number);
    if (first) this.options.log.info('L1 finalized head', { head: number });
    for (const listener of this.listeners) listener(number);
    return undefined;
  }
}

/** Reads the finalized block number through viem (no retries of its own: the watcher backs off). */
function viemFinalizedReader(url: string): () => Promise<bigint> {
  const client = createPublicClient({
    transport: url.startsWith('ws') ? webSocket(url) : http(url, { retryCount: 0, timeout: 10_000 }),
  });
  return async () => (await client.getBlock({ blockTag: 'finalized' })).number;
}
