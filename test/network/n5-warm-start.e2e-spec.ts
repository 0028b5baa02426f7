import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TestNetwork } from '../support/network-harness';

/** The network's warm-start gap and history, small so the test runs in a minute, not ten (defaults are 256). */
const GAP = 32;
const HISTORY = 16;
/** Heights the four running nodes decide while the fifth is away: more than one warm-start gap. */
const HEIGHTS_AWAY = 48;

interface HeaderJson {
  readonly height: number;
  readonly parentCommitment: string;
  readonly payloadCommitment: string;
}

/**
 * cdn-server and five sequencers as real processes. One node loses its disk right after the network starts and
 * comes back empty more than one warm-start gap later: it warm-starts on a decided leaf near the tip instead of
 * fetching the whole chain, serves the recent headers it loaded, agrees with the others on them, and decides on.
 */
describe('n5 warm start', () => {
  // Generous: the progress waits inside fail first, naming what stalled, when nothing moves.
  jest.setTimeout(900_000);
  // Short view timers: the absent node's views time out and cost little; under load, shorter ones fail views the
  // four could have decided.
  const net = new TestNetwork({
    nodes: 5,
    viewTimeoutMs: 1000,
    nodeArgs: ['--warm-start-gap', String(GAP), '--warm-start-history', String(HISTORY)],
  });

  beforeAll(async () => {
    // The broker waits for all five keys before the network starts; node 4 leaves right after.
    await net.start();
    await net.waitForHeight(2, [0, 1, 2, 3, 4]);
  });
  afterAll(async () => {
    // KEEP_NETWORK_LOGS=1 keeps every process's log under the folder the failure messages name.
    await net.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  it('brings an empty node more than a warm-start gap behind to the network height with the recent headers', async () => {
    await net.kill(4);
    rmSync(path.join(net.dir, 'node4'), { recursive: true, force: true });
    const away = (await net.blockHeight(0))!;
    await net.waitForHeight(away + HEIGHTS_AWAY, [0, 1, 2, 3]);

    net.restart(4);
    const target = (await net.blockHeight(0))! + 3;
    await net.waitForHeight(target, [0, 1, 2, 3, 4]);

    // It jumped over the gap: it holds recent history only, and refuses older heights as pruned.
    const { body: range } = await net.get<{ earliestHeight: number; latestHeight: number }>(
      4,
      '/v0/status/earliest-available-height',
    );
    expect(range.earliestHeight).toBeGreaterThan(away);
    expect(range.latestHeight - range.earliestHeight + 1).toBeGreaterThanOrEqual(HISTORY);
    expect((await net.get(4, `/v0/availability/header/${away}`)).status).toBe(410);
    const log = readFileSync(path.join(net.dir, 'node4.log'), 'utf8');
    expect(log).toContain('warm start: decided chain jumped');

    // The headers it serves, from the oldest it loaded to the newest it decided, are the others' headers.
    const heights = [range.earliestHeight, range.earliestHeight + 1, range.earliestHeight + HISTORY - 1, target - 1];
    for (const height of heights) {
      const mine = await net.get<HeaderJson>(4, `/v0/availability/header/${height}`);
      const theirs = await net.get<HeaderJson>(0, `/v0/availability/header/${height}`);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual(theirs.body);
      const leaf = await net.get<{ headerCommitment: string }>(4, `/v0/availability/leaf/${height}`);
      const reference = await net.get<{ headerCommitment: string }>(1, `/v0/availability/leaf/${height}`);
      expect(leaf.body.headerCommitment).toBe(reference.body.headerCommitment);
    }

    // It takes part again: the network keeps deciding with it, and it follows.
    await net.waitForHeight(target + 5, [0, 1, 2, 3, 4]);
  });
});
