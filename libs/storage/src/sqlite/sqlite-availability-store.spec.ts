import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { blockTransactionHashes, blockTransactions, encodeBlockPayload } from '@hotshot/protocol';
import type { DecidedBlock } from '../availability-store';
import { transactionRows } from '../availability-rows';
import { toTaggedJson } from '../codec/tagged-json';
import { describeAvailabilityStore } from '../testing/availability-store.contract';
import { buildDecidedChain } from '../testing/chain-builder';
import { openSqliteDatabase, SQLITE_MIGRATIONS } from './sqlite-database';
import { SqliteAvailabilityStore } from './sqlite-availability-store';
import { SqliteSafetyStore } from './sqlite-safety-store';

describeAvailabilityStore('SQLite', async () => new SqliteAvailabilityStore(openSqliteDatabase(':memory:')));

describe('SqliteAvailabilityStore and the safety commit that follows it', () => {
  it('leaves the shared connection synchronous, so the next safety commit fsyncs, even after a refused append', async () => {
    const db = openSqliteDatabase(':memory:');
    const store = new SqliteAvailabilityStore(db);
    const chain = buildDecidedChain(1n, [[], [], [], []]);
    await store.appendDecided(chain.slice(0, 2));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await expect(store.appendDecided([chain[3]!])).rejects.toThrow('without gaps');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});

describe('SqliteAvailabilityStore transactions', () => {
  const tx = (namespace: number, text: string) => ({ namespace, payload: new TextEncoder().encode(text) });

  it('stores each transaction as a span of its namespace payload, not a second copy of its bytes', async () => {
    const db = openSqliteDatabase(':memory:');
    const store = new SqliteAvailabilityStore(db);
    // Height 1 holds the three transactions (the chain starts at genesis).
    const chain = buildDecidedChain(1n, [[tx(2, 'alpha'), tx(5, 'beta'), tx(2, 'gamma')]]);
    await store.appendDecided(chain);
    expect(db.prepare('SELECT count(*) AS n FROM transactions').get()).toEqual({ n: 3 });
    const copies = db.prepare('SELECT count(*) AS n FROM transactions WHERE payload IS NOT NULL').get();
    expect(copies).toEqual({ n: 0 });
    const hashes = blockTransactionHashes(chain[1]!.payload!);
    expect(hashes).toHaveLength(3);
    for (const [index, hash] of hashes.entries()) {
      const found = await store.getTransaction(hash);
      expect(found).toMatchObject({ hash, height: 1, index });
      expect(found!.transaction).toEqual(blockTransactions(chain[1]!.payload!)[index]);
    }
    db.close();
  });

  it('still serves the copies a schema-2 database holds after migrating it', async () => {
    const chain = buildDecidedChain(1n, [[tx(3, 'old bytes')]]);
    const [hash] = blockTransactionHashes(chain[1]!.payload!);
    await withOldDatabase(2, chain, async (migrated) => {
      expect(migrated.prepare('SELECT payload IS NOT NULL AS copy FROM transactions').get()).toEqual({ copy: 1 });
      const found = await new SqliteAvailabilityStore(migrated).getTransaction(hash!);
      expect(found).toMatchObject({ hash, height: 1, index: 0 });
      expect(new TextDecoder().decode(found!.transaction.payload)).toBe('old bytes');
    });
  });

  it('serves heights a schema-3 database stored in namespace payloads, and keeps its undecided payloads', async () => {
    const chain = buildDecidedChain(1n, [[tx(3, 'old'), tx(4, 'spans')], [tx(3, 'undecided')]]);
    const undecided = chain[2]!;
    await withOldDatabase(
      3,
      chain.slice(0, 2),
      async (migrated) => {
        const store = new SqliteAvailabilityStore(migrated);
        expect((await store.getBlock(1))?.payload).toEqual(chain[1]!.payload);
        for (const [index, hash] of blockTransactionHashes(chain[1]!.payload!).entries()) {
          expect((await store.getTransaction(hash))?.transaction).toEqual(blockTransactions(chain[1]!.payload!)[index]);
        }
        // The undecided payload the old schema held is still there, and deciding its block takes its row.
        const commitment = undecided.leaf.header.payloadCommitment;
        expect(await new SqliteSafetyStore(migrated).loadPayloads([commitment])).toEqual(
          new Map([[commitment, encodeBlockPayload(undecided.payload!)]]),
        );
        await store.appendDecided([undecided]);
        expect(migrated.prepare('SELECT count(*) AS n, max(height) AS h FROM block_payloads').get()).toEqual({
          n: 1,
          h: 2,
        });
        expect((await store.getBlock(2))?.payload).toEqual(undecided.payload);
      },
      undecided,
    );
  });
});

describe('SqliteAvailabilityStore payloads', () => {
  const tx = (namespace: number, text: string) => ({ namespace, payload: new TextEncoder().encode(text) });

  it("stores a decided payload once: the row written while it was undecided becomes the height's", async () => {
    const db = openSqliteDatabase(':memory:');
    const safety = new SqliteSafetyStore(db);
    const store = new SqliteAvailabilityStore(db);
    const chain = buildDecidedChain(1n, [[tx(2, 'alpha'), tx(5, 'beta')], []]);
    const block = chain[1]!;
    const commitment = block.leaf.header.payloadCommitment;
    await safety.commit({
      payloads: [{ commitment, view: block.leaf.view, bytes: encodeBlockPayload(block.payload!) }],
      actions: [],
      state: {},
      lastActionedView: 1,
      dropPayloadsBelowView: 0,
    });
    const before = db.prepare('SELECT id FROM block_payloads WHERE commitment = ?').get(commitment);
    await store.appendDecided(chain);
    // The same row, now at height 1; no namespace payload copies; a later safety commit does not drop it.
    expect(db.prepare('SELECT id, height FROM block_payloads WHERE commitment = ?').get(commitment)).toEqual({
      ...(before as object),
      height: 1,
    });
    expect(db.prepare('SELECT count(*) AS n FROM namespace_payloads').get()).toEqual({ n: 0 });
    await safety.commit({ payloads: [], actions: [], state: {}, lastActionedView: 2, dropPayloadsBelowView: 99 });
    expect((await store.getBlock(1))?.payload).toEqual(block.payload);
    expect(await safety.loadPayloads([commitment])).toEqual(
      new Map([[commitment, encodeBlockPayload(block.payload!)]]),
    );
    // Genesis and height 2 are empty blocks with one commitment: each height has its own row.
    expect(db.prepare('SELECT count(*) AS n FROM block_payloads WHERE height IS NOT NULL').get()).toEqual({ n: 3 });
    // The bytes were written once: one row of bytes per payload row.
    expect(db.prepare('SELECT count(*) AS n FROM payload_bytes').get()).toEqual({ n: 3 });
    // Pruning a height deletes its row and its bytes.
    await store.pruneBelow(2);
    expect(db.prepare('SELECT count(*) AS n FROM block_payloads WHERE commitment = ?').get(commitment)).toEqual({
      n: 0,
    });
    expect(db.prepare('SELECT count(*) AS n FROM payload_bytes').get()).toEqual({ n: 1 });
    db.close();
  });
});

/**
 * Writes `chain` (and the undecided payload of `undecided`) as a database of schema `version` (2 or 3) would hold
 * it, opens it with today's code, which migrates it, and runs `check` on the migrated connection.
 */
async function withOldDatabase(
  version: 2 | 3,
  chain: readonly DecidedBlock[],
  check: (migrated: Database.Database) => Promise<void>,
  undecided?: DecidedBlock,
): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hotshot-sqlite-v${version}-`));
  const file = path.join(dir, 'db.sqlite');
  try {
    const old = new Database(file);
    old.exec(SQLITE_MIGRATIONS.slice(0, version).join('\n'));
    old.pragma(`user_version = ${version}`);
    for (const block of chain) {
      const height = block.leaf.header.height;
      old
        .prepare('INSERT INTO leaves (height, view, leaf_commitment, header_commitment, leaf) VALUES (?, ?, ?, ?, ?)')
        .run(height, block.leaf.view, block.leafCommitment, block.headerCommitment, toTaggedJson(block.leaf));
      const payload = block.payload!;
      old
        .prepare('INSERT INTO payloads (height, namespace_table) VALUES (?, ?)')
        .run(height, toTaggedJson(payload.namespaceTable));
      payload.namespacePayloads.forEach((bytes, position) =>
        old
          .prepare('INSERT INTO namespace_payloads (height, position, payload) VALUES (?, ?, ?)')
          .run(height, position, bytes),
      );
      for (const row of transactionRows(height, payload)) {
        const bytes = payload.namespacePayloads[row.position]!.subarray(row.offset, row.offset + row.length);
        if (version === 2) {
          old
            .prepare('INSERT INTO transactions (hash, height, idx, namespace, payload) VALUES (?, ?, ?, ?, ?)')
            .run(row.hash, height, row.idx, row.namespace, bytes);
        } else {
          old
            .prepare(
              `INSERT INTO transactions (hash, height, idx, namespace, position, data_offset, data_length)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(row.hash, height, row.idx, row.namespace, row.position, row.offset, row.length);
        }
      }
    }
    if (undecided) {
      old
        .prepare('INSERT INTO undecided_payloads (commitment, view, payload) VALUES (?, ?, ?)')
        .run(undecided.leaf.header.payloadCommitment, undecided.leaf.view, encodeBlockPayload(undecided.payload!));
    }
    old.close();
    const migrated = openSqliteDatabase(file);
    try {
      expect(migrated.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
      await check(migrated);
    } finally {
      migrated.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
