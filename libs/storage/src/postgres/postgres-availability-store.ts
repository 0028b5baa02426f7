import type { PoolClient } from 'pg';
import {
  encodeBlockPayload,
  payloadCommitment,
  type BlockPayload,
  type Bytes32,
  type FinalityCertificate,
  type Header,
  type Leaf,
} from '@hotshot/protocol';
import type {
  AppendDecidedOptions,
  AvailabilityStore,
  DecidedBlock,
  StoredCounts,
  TransactionLocation,
} from '../availability-store';
import {
  HEIGHT_TABLES,
  decodeBlock,
  decodeFinalityCertificate,
  decodeLeaf,
  decodeTransaction,
  planAppend,
  pruneFloor,
  storedHeight,
  toSafeNumber,
  transactionRows,
  type BlockRow,
  type TransactionLookupRow,
} from '../availability-rows';
import { toTaggedJson } from '../codec/tagged-json';
import { StorageError } from '../errors';
import type { PostgresDatabase } from './postgres-database';
import { insertRowsIgnoringConflicts } from './postgres-rows';

/** One statement reads a leaf with its payload, so a concurrent prune cannot split them. */
const SELECT_BLOCKS = `
  SELECT l.leaf_commitment, l.header_commitment, l.leaf, l.deciding_qc, p.namespace_table,
    (SELECT b.payload FROM block_payloads bp JOIN payload_bytes b ON b.id = bp.id WHERE bp.height = l.height)
      AS block_payload,
    ARRAY(SELECT np.payload FROM namespace_payloads np WHERE np.height = l.height ORDER BY np.position)
      AS namespace_payloads
  FROM leaves l LEFT JOIN payloads p ON p.height = l.height`;

/**
 * Writers of the chain (append, attach, prune) take this lock first, so two of them never interleave their
 * check-then-insert; it conflicts with itself and with row writes, and lets plain reads through.
 */
const LOCK_LEAVES = 'LOCK TABLE leaves IN SHARE ROW EXCLUSIVE MODE';

/** The availability store on PostgreSQL; each write is one transaction. */
export class PostgresAvailabilityStore implements AvailabilityStore {
  constructor(private readonly db: PostgresDatabase) {}

  async appendDecided(blocks: readonly DecidedBlock[], options: AppendDecidedOptions = {}): Promise<void> {
    if (blocks.length === 0) return;
    await this.db.transaction('append decided blocks', async (client) => {
      // Decided blocks may trail the safety state's WAL flush, never run ahead of it: the next synchronous commit
      // (the same step's safety commit) flushes the log up to and past this one, so one flush per step suffices.
      await client.query('SET LOCAL synchronous_commit = off');
      await client.query(LOCK_LEAVES);
      const stored = await client.query<{ height: string; leaf_commitment: Bytes32 }>(
        'SELECT height, leaf_commitment FROM leaves WHERE height = ANY($1::bigint[])',
        [blocks.map((block) => block.leaf.header.height)],
      );
      const commitments = new Map(stored.rows.map((row) => [toSafeNumber(row.height, 'height'), row.leaf_commitment]));
      const plan = planAppend(blocks, { latest: await maxHeight(client), commitments }, options);
      if (plan.deleteBelow !== undefined) await deleteBelow(client, plan.deleteBelow);
      for (const write of plan.writes) {
        if (write.insert) {
          const leaf = write.insert;
          await client.query(
            `INSERT INTO leaves (height, view, leaf_commitment, header_commitment, leaf, deciding_qc)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [leaf.height, leaf.view, leaf.leaf_commitment, leaf.header_commitment, leaf.leaf, leaf.deciding_qc],
          );
        } else if (write.decidingQc) {
          await client.query('UPDATE leaves SET deciding_qc = $1 WHERE height = $2 AND deciding_qc IS NULL', [
            write.decidingQc,
            write.height,
          ]);
        }
        if (write.payload) await insertPayload(client, write.height, write.view, write.payload);
      }
    });
  }

  async attachPayload(height: number, payload: BlockPayload): Promise<void> {
    await this.db.transaction('attach payload', async (client) => {
      await client.query(LOCK_LEAVES);
      const { rows } = await client.query<{ view: string }>('SELECT view FROM leaves WHERE height = $1', [height]);
      if (!rows[0]) throw new StorageError('no decided block at this height to attach a payload to', { height });
      await insertPayload(client, height, toSafeNumber(rows[0].view, 'view'), payload);
    });
  }

  async latestHeight(): Promise<number | undefined> {
    return this.boundHeight('max');
  }

  async earliestHeight(): Promise<number | undefined> {
    return this.boundHeight('min');
  }

  private async boundHeight(bound: 'max' | 'min'): Promise<number | undefined> {
    const { rows } = await this.db.query<{ h: string | null }>(
      `read ${bound === 'max' ? 'latest' : 'earliest'} height`,
      `SELECT ${bound}(height) AS h FROM leaves`,
    );
    return storedHeight(rows[0]?.h);
  }

  async getLeaf(height: number): Promise<Leaf | undefined> {
    const { rows } = await this.db.query<{ leaf: string }>('read leaf', 'SELECT leaf FROM leaves WHERE height = $1', [
      height,
    ]);
    return rows[0] ? decodeLeaf(rows[0].leaf) : undefined;
  }

  async getHeader(height: number): Promise<Header | undefined> {
    return (await this.getLeaf(height))?.header;
  }

  async getBlock(height: number): Promise<DecidedBlock | undefined> {
    const { rows } = await this.db.query<BlockRow>('read block', `${SELECT_BLOCKS} WHERE l.height = $1`, [height]);
    return rows[0] ? decodeBlock(rows[0]) : undefined;
  }

  async getBlockByHash(hash: Bytes32): Promise<DecidedBlock | undefined> {
    // Commitments are stored as the lower-case hex the protocol computes; callers may send any case.
    const { rows } = await this.db.query<BlockRow>(
      'read block by hash',
      `${SELECT_BLOCKS} WHERE l.header_commitment = $1`,
      [hash.toLowerCase()],
    );
    return rows[0] ? decodeBlock(rows[0]) : undefined;
  }

  async getBlockByLeafCommitment(hash: Bytes32): Promise<DecidedBlock | undefined> {
    const { rows } = await this.db.query<BlockRow>(
      'read block by leaf commitment',
      `${SELECT_BLOCKS} WHERE l.leaf_commitment = $1`,
      [hash.toLowerCase()],
    );
    return rows[0] ? decodeBlock(rows[0]) : undefined;
  }

  async countTransactions(namespace?: number): Promise<number> {
    const { rows } =
      namespace === undefined
        ? await this.db.query<{ n: string }>('count transactions', 'SELECT count(*) AS n FROM transactions')
        : await this.db.query<{ n: string }>(
            'count namespace transactions',
            'SELECT count(*) AS n FROM transactions WHERE namespace = $1',
            [namespace],
          );
    return toSafeNumber(rows[0]!.n, 'count');
  }

  async countStored(): Promise<StoredCounts> {
    // One statement, so a concurrent prune or append cannot make payloads outnumber leaves.
    const { rows } = await this.db.query<{ leaves: string; payloads: string }>(
      'count stored heights',
      'SELECT (SELECT count(*) FROM leaves) AS leaves, (SELECT count(*) FROM payloads) AS payloads',
    );
    return { leaves: toSafeNumber(rows[0]!.leaves, 'count'), payloads: toSafeNumber(rows[0]!.payloads, 'count') };
  }

  async getBlocks(from: number, until: number, limit: number): Promise<DecidedBlock[]> {
    const { rows } = await this.db.query<BlockRow>(
      'read blocks',
      `${SELECT_BLOCKS} WHERE l.height >= $1 AND l.height < $2 ORDER BY l.height LIMIT $3`,
      [from, until, limit],
    );
    return rows.map(decodeBlock);
  }

  async getTransaction(hash: Bytes32): Promise<TransactionLocation | undefined> {
    const { rows } = await this.db.query<TransactionLookupRow>(
      'read transaction',
      'SELECT hash, height, idx, namespace, payload FROM transactions WHERE hash = $1',
      [hash.toLowerCase()],
    );
    return rows[0] ? decodeTransaction(rows[0]) : undefined;
  }

  async putFinalityCertificate(certificate: FinalityCertificate): Promise<void> {
    await this.db.query(
      'store finality certificate',
      'INSERT INTO finality_certificates (height, certificate) VALUES ($1, $2) ON CONFLICT (height) DO NOTHING',
      [certificate.height, toTaggedJson(certificate)],
    );
  }

  async getFinalityCertificate(height: number): Promise<FinalityCertificate | undefined> {
    const { rows } = await this.db.query<{ certificate: string }>(
      'read finality certificate',
      'SELECT certificate FROM finality_certificates WHERE height = $1',
      [height],
    );
    return rows[0] ? decodeFinalityCertificate(rows[0].certificate) : undefined;
  }

  async latestFinalityCertificate(): Promise<FinalityCertificate | undefined> {
    const { rows } = await this.db.query<{ certificate: string }>(
      'read latest finality certificate',
      'SELECT certificate FROM finality_certificates ORDER BY height DESC LIMIT 1',
    );
    return rows[0] ? decodeFinalityCertificate(rows[0].certificate) : undefined;
  }

  async pruneBelow(height: number): Promise<number> {
    return this.db.transaction('prune', async (client) => {
      await client.query(LOCK_LEAVES);
      return deleteBelow(client, pruneFloor(height, await maxHeight(client)));
    });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** Deletes every row below `height`, inside the caller's transaction; returns how many blocks went. */
async function deleteBelow(client: PoolClient, height: number): Promise<number> {
  // Deleting the bytes deletes their row (ON DELETE CASCADE).
  await client.query('DELETE FROM payload_bytes WHERE id IN (SELECT id FROM block_payloads WHERE height < $1)', [
    height,
  ]);
  for (const table of HEIGHT_TABLES) await client.query(`DELETE FROM ${table} WHERE height < $1`, [height]);
  return (await client.query('DELETE FROM leaves WHERE height < $1', [height])).rowCount ?? 0;
}

async function maxHeight(client: PoolClient): Promise<number | undefined> {
  const { rows } = await client.query<{ h: string | null }>('SELECT max(height) AS h FROM leaves');
  return storedHeight(rows[0]?.h);
}

/**
 * Stores a payload once (see HEIGHT_TABLES) and indexes its transactions, unless the height already has one:
 * the row the safety store wrote while the block was undecided gets the height, and only a payload it did not
 * hold is written.
 */
async function insertPayload(client: PoolClient, height: number, view: number, payload: BlockPayload): Promise<void> {
  const { rowCount } = await client.query(
    'INSERT INTO payloads (height, namespace_table) VALUES ($1, $2) ON CONFLICT (height) DO NOTHING',
    [height, toTaggedJson(payload.namespaceTable)],
  );
  if (rowCount === 0) return;
  const commitment = payloadCommitment(payload.namespaceTable);
  const taken = await client.query('UPDATE block_payloads SET height = $1 WHERE commitment = $2 AND height IS NULL', [
    height,
    commitment,
  ]);
  if (taken.rowCount === 0) {
    // Not held undecided (fetched by catch-up, or an empty payload whose row another height took).
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO payload_bytes (payload) VALUES ($1) RETURNING id',
      [encodeBlockPayload(payload)],
    );
    await client.query('INSERT INTO block_payloads (id, commitment, view, height) VALUES ($1, $2, $3, $4)', [
      rows[0]!.id,
      commitment,
      view,
      height,
    ]);
  }
  // This schema keeps each transaction's own copy of its bytes (SQLite's keeps a span of the namespace payload).
  // A hash decided twice (only a faulty leader could do that) keeps its first location.
  await insertRowsIgnoringConflicts(
    client,
    'transactions',
    ['hash', 'height', 'idx', 'namespace', 'payload'],
    transactionRows(height, payload).map((tx) => [
      tx.hash,
      height,
      tx.idx,
      tx.namespace,
      payload.namespacePayloads[tx.position]!.subarray(tx.offset, tx.offset + tx.length),
    ]),
  );
}
