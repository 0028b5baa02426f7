import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UNBOUNDED, blockTransactionHashes, decodeBlockPayload } from '@hotshot/protocol';
import { fromTaggedJson } from '@hotshot/storage';
import { TestNetwork } from '../support/network-harness';
import { waitForProgress } from '../support/wait-for-progress';

/** The network's bounds, handed to every node by the broker: 1 MiB transactions, 4 MiB blocks, 8 MiB frames. */
const MAX_TX_BYTES = 1024 * 1024;
const LARGE_TX_BYTES = 1_000_000;

/**
 * cdn-server and five sequencers as real processes carrying 1 MB transactions (issue 16, "Tests"): they are decided
 * without a view timeout, and a kill -9 of every node while blocks holding them are undecided loses nothing: each
 * payload lives once in the payload table, named by a safety state that stays a few KB.
 */
describe('n5 sequencer network with 1 MB transactions', () => {
  // Generous: the progress waits inside fail first, naming what stalled, when nothing moves.
  jest.setTimeout(1_200_000);
  const nodes = [0, 1, 2, 3, 4];
  const net = new TestNetwork({
    nodes: 5,
    // Generous: this test shares a 2-core machine with other suites (load averages of 30 and more were seen, where an
    // empty block can take 15 s). The benchmark holds the real 2 s target (issue 16); a view that times out here
    // is one that large payloads stalled for longer than 30 s (the stalls they caused lasted minutes).
    viewTimeoutMs: 30_000,
    cdnArgs: [
      '--max-tx-bytes',
      String(MAX_TX_BYTES),
      '--max-block-bytes',
      String(4 * MAX_TX_BYTES),
      '--max-frame-bytes',
      String(8 * MAX_TX_BYTES),
    ],
  });
  /** Every hash a node acknowledged with 200. */
  const acknowledged = new Set<string>();
  /** What was submitted under each acknowledged hash, for a client's resubmission. */
  const resubmittable = new Map<string, { namespace: number; payload: Uint8Array }>();

  beforeAll(async () => {
    await net.start();
    await net.waitForHeight(2, nodes);
  });
  afterAll(async () => {
    // KEEP_NETWORK_LOGS=1 keeps every process's log under the folder the failure messages name.
    await net.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  const sqlite = (index: number) => path.join(net.dir, `node${index}`, 'sequencer.sqlite');

  /** Submits `count` transactions of LARGE_TX_BYTES through the nodes in turn; returns their hashes. */
  const submitLarge = async (count: number): Promise<string[]> => {
    const hashes: string[] = [];
    for (let i = 0; i < count; i++) {
      const tx = { namespace: 1 + (i % 3), payload: randomBytes(LARGE_TX_BYTES) };
      const hash = await net.submit(i % nodes.length, tx.namespace, tx.payload);
      acknowledged.add(hash);
      resubmittable.set(hash, tx);
      hashes.push(hash);
    }
    return hashes;
  };

  /** The view timeouts node `index` counted so far, from its metrics. */
  const viewTimeouts = async (index: number): Promise<number> => {
    const res = await fetch(`${net.api(index)}/v0/status/metrics`, { signal: AbortSignal.timeout(30_000) });
    const match = /^sequencer_consensus_view_timeouts_total (\d+)$/m.exec(await res.text());
    if (!match) throw new Error(`node ${index} reports no sequencer_consensus_view_timeouts_total`);
    return Number(match[1]);
  };

  /** How many of `hashes` node `index` has decided (its transaction lookup answers 200). */
  const decidedOn = async (index: number, hashes: readonly string[]): Promise<number> => {
    const found = await Promise.all(
      hashes.map(async (hash) => (await net.get(index, `/v0/availability/transaction/hash/${hash}`)).status === 200),
    );
    return found.filter(Boolean).length;
  };

  /** Waits until every node has decided all of `hashes`, while the decided counts move. */
  const waitDecidedEverywhere = async (hashes: readonly string[]) => {
    await waitForProgress({
      what: `${hashes.length} large transactions to be decided on every node`,
      observe: () => Promise.all(nodes.map((i) => decidedOn(i, hashes))),
      done: (counts) => counts.every((count) => count === hashes.length),
      stallMs: 120_000,
      intervalMs: 1000,
      context: () => `logs in ${net.dir}`,
    });
  };

  it('decides ten 1 MB transactions submitted across the nodes without a single view timeout', async () => {
    const before = await Promise.all(nodes.map(viewTimeouts));
    const hashes = await submitLarge(10);
    await waitDecidedEverywhere(hashes);
    // One chain: every node decided each transaction at the same height in the same block.
    for (const hash of hashes) {
      const where = await Promise.all(
        nodes.map(
          async (i) => (await net.get<{ height: number }>(i, `/v0/availability/transaction/hash/${hash}`)).body,
        ),
      );
      expect(new Set(where.map((w) => w.height)).size).toBe(1);
    }
    const after = await Promise.all(nodes.map(viewTimeouts));
    expect(after).toEqual(before);
  });

  /** What node `index` holds on disk: decided header commitments by height, decided hashes, undecided payloads. */
  const onDisk = (index: number) => {
    const db = new Database(sqlite(index), { readonly: true, fileMustExist: true });
    try {
      const leaves = db.prepare('SELECT height, view, header_commitment AS commitment FROM leaves').all() as {
        height: number;
        view: number;
        commitment: string;
      }[];
      const decidedView = Math.max(0, ...leaves.map((leaf) => leaf.view));
      const hashes = (db.prepare('SELECT hash FROM transactions').all() as { hash: string }[]).map((row) => row.hash);
      const undecidedPayloads = `SELECT p.view, b.payload FROM block_payloads p JOIN payload_bytes b ON b.id = p.id
         WHERE p.height IS NULL`;
      const payloads = db.prepare(undecidedPayloads).all() as {
        view: number;
        payload: Buffer;
      }[];
      const state = db.prepare('SELECT state FROM safety_state').get() as { state: string } | undefined;
      const highQcView = state ? fromTaggedJson<{ highQc: { view: number } }>(state.state, 'state').highQc.view : 0;
      // Payloads of blocks above the last decided leaf: voted for and stored, not decided.
      const undecided = payloads.filter((p) => p.view > decidedView);
      const hashesIn = (payload: Buffer) => [...blockTransactionHashes(decodeBlockPayload(payload, UNBOUNDED))];
      return {
        leaves,
        hashes,
        undecidedLargeBytes: undecided
          .filter((p) => p.payload.length >= LARGE_TX_BYTES)
          .reduce((sum, p) => sum + p.payload.length, 0),
        /** Transactions in the undecided blocks up to the node's highest QC: certified, never to be dropped. */
        certifiedHashes: undecided.filter((p) => p.view <= highQcView).flatMap((p) => hashesIn(p.payload)),
        payloadBytes: payloads.reduce((sum, p) => sum + p.payload.length, 0),
        stateBytes: state ? Buffer.byteLength(state.state) : 0,
      };
    } finally {
      db.close();
    }
  };

  it('loses nothing when every node is killed at once while blocks holding 1 MB transactions are undecided', async () => {
    // Submit large transactions and kill every node as soon as one has stored a certified block holding one above
    // its last decided leaf. Blocks decide within a few views, so a batch can slip through before the poll sees it: then
    // try again with another batch.
    let caught: number | undefined;
    let before: ReturnType<typeof onDisk>[] | undefined;
    for (let attempt = 0; attempt < 5 && caught === undefined; attempt++) {
      const hashes = await submitLarge(4);
      const seen = await waitForProgress({
        what: 'a node to hold a certified undecided block with a large transaction, or the batch to be decided',
        observe: async () => {
          for (const i of nodes) {
            const held = onDisk(i).certifiedHashes;
            if (hashes.some((hash) => held.includes(hash as `0x${string}`)))
              return { node: i as number | undefined, decided: 0 };
          }
          return { node: undefined, decided: await decidedOn(0, hashes) };
        },
        done: ({ node, decided }) => node !== undefined || decided === hashes.length,
        progress: ({ decided }) => decided,
        stallMs: 120_000,
        intervalMs: 50,
        context: () => `logs in ${net.dir}`,
      });
      if (seen.node === undefined) continue;
      await Promise.all(nodes.map((i) => net.kill(i)));
      before = nodes.map(onDisk);
      // On a loaded machine the block can be decided between the look and the kill: then restart and try again.
      if (before.some((disk) => disk.certifiedHashes.some((hash) => acknowledged.has(hash)))) caught = seen.node;
      else {
        const heights = before.map((disk) => disk.leaves.length);
        for (const i of nodes) net.restart(i);
        await net.waitForHeight(Math.max(...heights) + 1, nodes, 900_000, 300_000);
      }
    }
    if (caught === undefined || !before)
      throw new Error('no large transaction was ever seen certified but undecided at a kill in 5 batches');

    // The precondition held at the kill: a node holds a MB payload that no stored decide covers.
    expect(Math.max(...before.map((disk) => disk.undecidedLargeBytes))).toBeGreaterThanOrEqual(LARGE_TX_BYTES);
    // The safety state names payloads only: a few KB while MBs of payloads sit beside it.
    for (const disk of before) {
      expect(disk.stateBytes).toBeGreaterThan(0);
      expect(disk.stateBytes).toBeLessThan(16 * 1024);
    }
    expect(Math.max(...before.map((disk) => disk.payloadBytes))).toBeGreaterThanOrEqual(LARGE_TX_BYTES);

    // What a restart must carry on without any client's help: transactions in certified blocks some node stored
    // undecided (a block with only votes may be dropped; a certified one is extended by whoever holds its QC).
    const heldCertified = [...new Set(before.flatMap((disk) => disk.certifiedHashes))];
    expect(heldCertified.some((hash) => acknowledged.has(hash))).toBe(true);

    for (const i of nodes) net.restart(i);
    const height = Math.max(...before.map((disk) => disk.leaves.length)) + 1;
    // Restarted nodes may need a few (growing) view timeouts to meet in one view again.
    await net.waitForHeight(height + 3, nodes, 900_000, 300_000);
    await waitDecidedEverywhere(heldCertified);
    // A transaction acknowledged but still only in a mempool at the kill lives in memory alone and is gone; a client
    // that has not seen its transaction decided submits it again, as the API asks. Nothing is decided twice.
    for (const [i, hash] of [...acknowledged].entries()) {
      if ((await net.get(0, `/v0/availability/transaction/hash/${hash}`)).status === 200) continue;
      const tx = resubmittable.get(hash)!;
      expect(await net.submit(i % nodes.length, tx.namespace, tx.payload)).toBe(hash);
    }
    await waitDecidedEverywhere([...acknowledged]);
    for (const i of [0, 4]) {
      const counts = await net.decidedTransactionCounts(i);
      for (const hash of acknowledged) expect(counts.get(hash)).toBe(1);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
    }
    // Nothing decided before the kill was lost or changed: every stored leaf and transaction is served again.
    for (const i of nodes) {
      for (const leaf of before[i]!.leaves) {
        const { body } = await net.get<{ headerCommitment: string }>(i, `/v0/availability/leaf/${leaf.height}`);
        expect(body.headerCommitment).toBe(leaf.commitment);
      }
      expect(await decidedOn(i, before[i]!.hashes)).toBe(before[i]!.hashes.length);
    }
  });
});
