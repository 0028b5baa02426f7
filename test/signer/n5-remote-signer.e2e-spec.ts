import { readFileSync } from 'node:fs';
import { demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { SigningProtectionDb, type SignedRecord } from '@hotshot/signer';
import { TestNetwork } from '../support/network-harness';
import { RemoteSignerFixture } from '../support/remote-signer';
import { waitFor } from '../support/wait-for-progress';

const NODES = 5;
const CHAIN_ID = DEFAULT_CONSENSUS_CONFIG.chainId;
const keys = Array.from({ length: NODES }, (_, i) => demoKeyPair('remote-signer-e2e', i));
/** Node 4's key starts with a quorum-vote high-water mark at this view in the signer's record. */
const REFUSED_UP_TO_VIEW = 6;

/** The signer's record as (key, kind, position) -> digest. */
function readRecord(file: string): Map<string, string> {
  const db = SigningProtectionDb.open(file, CHAIN_ID);
  try {
    const entries = db.contents().signed.map((r: SignedRecord) => [`${r.publicKey}/${r.kind}/${r.position}`, r.digest]);
    // The record's own key makes two digests for one (key, kind, view) impossible to store: check none was lost
    // into a duplicate row either, so the map holds every row.
    expect(new Set(entries.map(([slot]) => slot)).size).toBe(entries.length);
    return new Map(entries as [string, string][]);
  } finally {
    db.close();
  }
}

/** The value of the Prometheus sample `name` whose labels include every one of `labels` (0 without one). */
function counter(exposition: string, name: string, ...labels: string[]): number {
  const line = exposition
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Five nodes sign everything through one `sequencer-signer` (issue 20): they decide; the signer killed with
 * SIGKILL leaves the nodes running (each failed request logged, counted and its message dropped) and, restarted on
 * the same record, lets consensus resume; the record never holds a (key, kind, view) signed with a second digest,
 * and what it held at the kill is unchanged after. A node whose key the record has already seen vote at a later
 * view is refused (below-watermark), logs it and counts it, and the network decides without its votes meanwhile.
 */
describe('five nodes on one remote signer', () => {
  jest.setTimeout(900_000);
  let network: TestNetwork;

  afterEach(async () => {
    await network?.stop();
  });

  it('decide, survive a signer crash, resume on the same record, and count refusals', async () => {
    // keyArgs is read when the network starts, after the signer below exists.
    network = new TestNetwork({ nodes: NODES, keyArgs: (i) => signer.nodeArgs(i) });
    const signer = new RemoteSignerFixture(network, keys, CHAIN_ID);
    const record = signer.recordFile;
    // Node 4's key voted up to REFUSED_UP_TO_VIEW before (say, on a node whose database was since wiped).
    const seeded = SigningProtectionDb.open(record, CHAIN_ID);
    seeded.record({
      publicKey: publicKeyToHex(keys[4]!.publicKey),
      kind: 'quorum-vote',
      position: REFUSED_UP_TO_VIEW,
      digest: `0x${'ab'.repeat(32)}`,
    });
    seeded.close();
    await signer.start();
    await network.start();
    const all = [0, 1, 2, 3, 4];
    await network.waitForHeight(4, all);

    // Node 4 was refused its votes below the mark: logged with the reason, and counted.
    await waitFor('node 4 to log a below-watermark refusal', () =>
      readFileSync(network.nodeLog(4), 'utf8').includes('"reason":"below-watermark"'),
    );
    const metrics = await (await fetch(`${network.api(4)}/v0/status/metrics`)).text();
    expect(
      counter(metrics, 'sequencer_signing_refusals_total', 'kind="quorum-vote"', 'reason="below-watermark"'),
    ).toBeGreaterThan(0);
    // It joined the CDN with an authentication the signer made.
    expect(counter(metrics, 'sequencer_signing_signatures_total', 'kind="cdn-auth"')).toBeGreaterThan(0);

    // The signer crashes: nodes keep running, each request that finds it down is logged and counted.
    await signer.kill();
    const atKill = readRecord(record);
    await waitFor('a node to log the signer unavailable', () =>
      all.some((i) => readFileSync(network.nodeLog(i), 'utf8').includes('signer unavailable; message dropped')),
    );
    for (const i of all) expect(await network.blockHeight(i)).toBeDefined();

    // Restarted on the same record: consensus resumes (heights rise well past where they were).
    await signer.restart();
    const heights = await Promise.all(all.map((i) => network.blockHeight(i)));
    const resumedAt = Math.max(...heights.map((h) => h ?? 0));
    await network.waitForHeight(resumedAt + 4, all);
    await network.stop(true);

    // Nothing the signer had signed at the kill was signed again with another digest, and it signed on after.
    const final = readRecord(record);
    for (const [slot, digest] of atKill) expect([slot, final.get(slot)]).toEqual([slot, digest]);
    expect(final.size).toBeGreaterThan(atKill.size);
    const views = (key: number) =>
      [...final.keys()]
        .filter((slot) => slot.startsWith(`${publicKeyToHex(keys[key]!.publicKey)}/quorum-vote/`))
        .map((slot) => Number(slot.split('/')[2]));
    // Node 4 voted again once past its old mark.
    expect(Math.max(...views(4))).toBeGreaterThan(REFUSED_UP_TO_VIEW);
  });
});
