import { startAnvil, type AnvilProcess } from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { createTestClient, http } from 'viem';
import { NodeMetrics } from '../metrics/node-metrics';
import { L1HeadWatcher } from './l1-head-watcher';
import { closedPort } from '../testing/closed-port';

/** A logger that keeps its lines as objects. */
function capturingLogger(): { log: JsonLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = new JsonLogger({
    level: 'debug',
    sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, lines };
}

async function metricValue(metrics: NodeMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  const sample = metric.values.find((value) =>
    Object.entries(labels).every(([key, label]) => value.labels[key] === label),
  );
  return sample?.value ?? 0;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('L1HeadWatcher against anvil', () => {
  let anvil: AnvilProcess;
  let mine: (blocks: number) => Promise<void>;

  beforeAll(async () => {
    anvil = await startAnvil();
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.url) });
    mine = (blocks) => testClient.mine({ blocks });
  }, 30_000);
  afterAll(() => anvil.stop());

  it("follows anvil's finalized block (latest - 64, genesis before that), exposes it as a metric, never goes back", async () => {
    const metrics = new NodeMetrics();
    const { log } = capturingLogger();
    const watcher = new L1HeadWatcher({ url: anvil.url, pollIntervalMs: 20, metrics, log });
    const advances: number[] = [];
    watcher.onAdvance((head) => advances.push(head));
    expect(watcher.head).toBeUndefined();

    expect(await watcher.poll()).toBeUndefined();
    expect(watcher.head).toBe(0);
    await mine(63);
    await watcher.poll();
    expect(watcher.head).toBe(0);
    await mine(37);
    await watcher.poll();
    // 100 blocks: anvil calls 100 - 64 = 36 finalized.
    expect(watcher.head).toBe(36);
    expect(await metricValue(metrics, 'sequencer_l1_finalized_block')).toBe(36);

    const controller = new AbortController();
    const running = watcher.run(controller.signal);
    await mine(10);
    await until(() => watcher.head === 46);
    controller.abort();
    await running;
    expect(advances).toEqual([0, 36, 46]);
    expect(await metricValue(metrics, 'sequencer_l1_poll_failures_total', { reason: 'request' })).toBe(0);
  }, 30_000);

  it('keeps its head when the L1 answers an older finalized block, and counts it', async () => {
    const metrics = new NodeMetrics();
    const { log, lines } = capturingLogger();
    const answers = [40n, 12n, 41n];
    const watcher = new L1HeadWatcher({
      url: anvil.url,
      pollIntervalMs: 20,
      metrics,
      log,
      readFinalized: async () => answers.shift()!,
    });
    await watcher.poll();
    await watcher.poll();
    expect(watcher.head).toBe(40);
    expect(await metricValue(metrics, 'sequencer_l1_poll_failures_total', { reason: 'backwards' })).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', head: 40, answered: 12 }));
    await watcher.poll();
    expect(watcher.head).toBe(41);
  });

  it('reads L1 at once on refresh, one read at a time however often it is asked', async () => {
    const { log } = capturingLogger();
    let reads = 0;
    let answer!: (block: bigint) => void;
    const watcher = new L1HeadWatcher({
      url: anvil.url,
      pollIntervalMs: 60_000,
      metrics: new NodeMetrics(),
      log,
      readFinalized: () => {
        reads += 1;
        return new Promise<bigint>((resolve) => (answer = resolve));
      },
    });
    watcher.refresh();
    watcher.refresh();
    watcher.refresh();
    expect(reads).toBe(1);
    answer(7n);
    await until(() => watcher.head === 7);
    watcher.refresh();
    expect(reads).toBe(2);
    answer(8n);
    await until(() => watcher.head === 8);
  });

  it('counts and logs failed polls, backing off, while the L1 does not answer', async () => {
    const metrics = new NodeMetrics();
    const { log, lines } = capturingLogger();
    const watcher = new L1HeadWatcher({
      url: `http://127.0.0.1:${await closedPort()}`,
      pollIntervalMs: 1,
      metrics,
      log,
      backoff: { initialDelayMs: 20, maxDelayMs: 80, jitter: 0 },
    });
    const controller = new AbortController();
    const running = watcher.run(controller.signal);
    await until(() => lines.filter((line) => line.msg === 'L1 finalized block not read; retrying').length >= 4);
    controller.abort();
    await running;
    expect(watcher.head).toBeUndefined();
    const retries = lines.filter((line) => line.msg === 'L1 finalized block not read; retrying');
    // Back-off, not the poll interval: 20, 40, 80, then capped.
    expect(retries.slice(0, 4).map((line) => line.delayMs)).toEqual([20, 40, 80, 80]);
    expect(retries[0]).toMatchObject({ level: 'warn', failures: 1, error: expect.any(String) });
    expect(
      await metricValue(metrics, 'sequencer_l1_poll_failures_total', { reason: 'request' }),
    ).toBeGreaterThanOrEqual(4);
  });
});
