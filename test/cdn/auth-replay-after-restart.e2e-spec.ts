import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, createAuthenticate, encodeFrame } from '@hotshot/cdn';
import { RawPeer, nodeKey, startBroker, waitUntil } from './support/cdn-fixtures';
import type { CdnBroker } from '../../apps/cdn-server/src/broker/cdn-broker';
import { FileRosterStore } from '../../apps/cdn-server/src/broker/roster-store';

describe('a captured Authenticate replayed after a broker restart (issue 17, finding 9)', () => {
  let dir: string;
  const brokers: CdnBroker[] = [];

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cdn-replay-'))));
  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((broker) => broker.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function brokerOnDisk(): Promise<{ broker: CdnBroker; port: number }> {
    const started = await startBroker(2, { rosterStore: new FileRosterStore(dir), maxClockSkewMs: 60_000 });
    brokers.push(started.broker);
    return started;
  }

  it('is refused with ReplayedAuthentication and counted; the member itself still gets in', async () => {
    const first = await brokerOnDisk();
    // The frame an eavesdropper captured: a member's authentication on the first broker.
    const captured = encodeFrame(createAuthenticate(nodeKey(0), Date.now()));
    const member = await RawPeer.connect(first.port);
    member.send(captured);
    await waitUntil(() => first.broker.authenticatedNodes === 1, 'the member to authenticate');
    member.destroy();
    await first.broker.close();
    expect(readFileSync(join(dir, 'roster.json'), 'utf8')).toContain('lastAuthTimestamps');

    const second = await brokerOnDisk();
    const replay = await RawPeer.connect(second.port);
    replay.send(captured);
    const refusal = await replay.refusal();
    expect(refusal.code).toBe(ErrorCode.ReplayedAuthentication);
    await waitUntil(
      () => second.broker.metrics.disconnectsFor('replayed_authentication') === 1,
      'the replay refusal in the metrics',
    );
    expect(second.broker.authenticatedNodes).toBe(0);

    const honest = await RawPeer.connect(second.port);
    expect(await honest.authenticate(nodeKey(0))).toBe(0);
    honest.destroy();
  });
});
