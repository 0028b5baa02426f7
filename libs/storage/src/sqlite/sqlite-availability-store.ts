import type Database from 'better-sqlite3';
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
  encodedTransactionRows,
  type LeafRow,
  type TransactionLookupRow,
} from '../availability-rows';
import { toTaggedJson } from '../codec/tagged-json';
import { StorageError } from '../errors';
import { commitBeforeNextSync } from './sqlite-database';

type StoredLeafRow = Omit<LeafRow, 'view'>;

/**
 * The availability store on SQLite; each call is one synchronous transaction. Appends of decided blocks and finality
 * certificates are durable at the next safety commit (commitBeforeNextSync); the rest at once.
 */
export class SqliteAvailabilityStore implements AvailabilityStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      leafByHeight: db.prepare('SELECT * FROM leaves WHERE height = ?'),
      leafCommitment: db.prepare('SELECT leaf_commitment, view FROM leaves WHERE height = ?'),
      leafByHash: db.prepare('SELECT * FROM leaves WHERE header_commitment = ?'),
      leafByLeafCommitment: db.prepare('SELECT * FROM leaves WHERE leaf_commitment = ?'),
      countTransactions: db.prepare('SELECT count(*) AS n FROM transactions'),
      countNamespaceTransactions: db.prepare('SELECT count(*) AS n FROM transactions WHERE namespace = ?'),
      countStored: db.prepare(
        'SELECT (SELECT count(*) FROM leaves) AS leaves, (SELECT count(*) FROM payloads) AS payloads',
      ),
      leavesInRange: db.prepare('SELECT * FROM leaves WHERE height >= ? AND height < ? ORDER BY height LIMIT ?'),
      maxHeight: db.prepare('SELECT MAX(height) AS h FROM leaves'),
      minHeight: db.prepare('SELECT MIN(height) AS h FROM leaves'),
      insertLeaf: db.prepare(
        `INSERT INTO leaves (height, view, leaf_commitment, header_commitment, leaf, deciding_qc)
         VALUES (@height, @view, @leaf_commitment, @header_commitment, @leaf, @deciding_qc)`,
      ),
      updateDecidingQc: db.prepare('UPDATE leaves SET deciding_qc = ? WHERE height = ? AND deciding_qc IS NULL'),
      payloadTable: db.prepare('SELECT namespace_table FROM payloads WHERE height = ?'),
      insertPayload: db.prepare('INSERT OR IGNORE INTO payloads (height, namespace_table) VALUES (?, ?)'),
      namespacePayloads: db.prepare('SELECT payload FROM namespace_payloads WHERE height = ? ORDER BY position'),
      blockPayload: db.prepare(
        'SELECT b.payload FROM block_payloads p JOIN payload_bytes b ON b.id = p.id WHERE p.height = ?',
      ),
      // The row the safety store wrote while the block was undecided becomes the height's: its bytes are not copied.
      decidePayload: db.prepare('UPDATE block_payloads SET height = ? WHERE commitment = ? AND height IS NULL'),
      insertPayloadBytes: db.prepare('INSERT INTO payload_bytes (payload) VALUES (?)'),
      insertBlockPayload: db.prepare('INSERT INTO block_payloads (id, commitment, view, height) VALUES (?, ?, ?, ?)'),
      // Deleting the bytes deletes their row (ON DELETE CASCADE).
      prunePayloadBytes: db.prepare(
        'DELETE FROM payload_bytes WHERE id IN (SELECT id FROM block_payloads WHERE height < ?)',
      ),
      // A hash decided twice (only a faulty leader could do that) keeps its first location.
      insertTransaction: db.prepare(
        `INSERT OR IGNORE INTO transactions (hash, height, idx, namespace, position, data_offset, data_length)
         VALUES (@hash, @height, @idx, @namespace, @position, @offset, @length)`,
      ),
      // Rows from before schema 3 hold their own copy; later ones a span of the bytes their height is stored in: the
      // namespace payload before schema 4, the encoded block payload since.
      transactionByHash: db.prepare(
        `SELECT t.hash, t.height, t.idx, t.namespace,
           coalesce(
             t.payload,
             substr(n.payload, t.data_offset + 1, t.data_length),
             substr(b.payload, t.data_offset + 1, t.data_length)
           ) AS payload
         FROM transactions t
           LEFT JOIN namespace_payloads n ON n.height = t.height AND n.position = t.position
           LEFT JOIN block_payloads p ON p.height = t.height AND n.height IS NULL
           LEFT JOIN payload_bytes b ON b.id = p.id
         WHERE t.hash = ?`,
      ),
      upsertFinality: db.prepare(
        'INSERT INTO finality_certificates (height, certificate) VALUES (?, ?) ON CONFLICT (height) DO NOTHING',
      ),
      finalityByHeight: db.prepare('SELECT certificate FROM finality_certificates WHERE height = ?'),
      latestFinality: db.prepare('SELECT certificate FROM finality_certificates ORDER BY height DESC LIMIT 1'),
      pruneLeaves: db.prepare('DELETE FROM leaves WHERE height < ?'),
      pruneByHeight: HEIGHT_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE height < ?`)),
    };
  }

  async appendDecided(blocks: readonly DecidedBlock[], options: AppendDecidedOptions = {}): Promise<void> {
    const s = this.statements;
    // Decided blocks may trail the safety state's fsync, never run ahead of it: see commitBeforeNextSync.
    commitBeforeNextSync(this.db, () => {
      const commitments = new Map<number, Bytes32>();
      for (const block of blocks) {
        const height = block.leaf.header.height;
        const row = s.leafCommitment.get(height) as { leaf_commitment: Bytes32 } | undefined;
        if (row) commitments.set(height, row.leaf_commitment);
      }
      const plan = planAppend(blocks, { latest: this.maxHeight(), commitments }, options);
      if (plan.deleteBelow !== undefined) this.deleteBelow(plan.deleteBelow);
      for (const write of plan.writes) {
        if (write.insert) s.insertLeaf.run(write.insert);
        else if (write.decidingQc) s.updateDecidingQc.run(write.decidingQc, write.height);
        if (write.payload) this.insertPayload(write.height, write.view, write.payload);
      }
    });
  }

  async attachPayload(height: number, payload: BlockPayload): Promise<void> {
    this.db.transaction(() => {
      const leaf = this.statements.leafCommitment.get(height) as { view: number } | undefined;
      if (!leaf) throw new StorageError('no decided block at this height to attach a payload to', { height });
      this.insertPayload(height, leaf.view, payload);
    })();
  }

  /** Stores a decided height's payload once (see HEIGHT_TABLES) and indexes its transactions. */
  private insertPayload(height: number, view: number, payload: BlockPayload): void {
    const s = this.statements;
    if (s.payloadTable.get(height)) return;
    s.insertPayload.run(height, toTaggedJson(payload.namespaceTable));
    const commitment = payloadCommitment(payload.namespaceTable);
    if (s.decidePayload.run(height, commitment).changes === 0) {
      // Not held undecided (fetched by catch-up, or an empty payload whose row another height took).
      const id = s.insertPayloadBytes.run(encodeBlockPayload(payload)).lastInsertRowid;
      s.insertBlockPayload.run(id, commitment, view, height);
    }
    for (const row of encodedTransactionRows(height, payload)) s.insertTransaction.run(row);
  }

  async latestHeight(): Promise<number | undefined> {
    return this.maxHeight();
  }

  async earliestHeight(): Promise<number | undefined> {
    return storedHeight((this.statements.minHeight.get() as { h: number | null }).h);
  }

  private maxHeight(): number | undefined {
    return storedHeight((this.statements.maxHeight.get() as { h: number | null }).h);
  }

  async getLeaf(height: number): Promise<Leaf | undefined> {
    const row = this.statements.leafByHeight.get(height) as StoredLeafRow | undefined;
    return row ? decodeLeaf(row.leaf) : undefined;
  }

  async getHeader(height: number): Promise<Header | undefined> {
    return (await this.getLeaf(height))?.header;
  }

  async getBlock(height: number): Promise<DecidedBlock | undefined> {
    return this.toBlock(this.statements.leafByHeight.get(height) as StoredLeafRow | undefined);
  }

  async getBlockByHash(hash: Bytes32): Promise<DecidedBlock | undefined> {
    return this.toBlock(this.statements.leafByHash.get(hash.toLowerCase()) as StoredLeafRow | undefined);
  }

  async getBlockByLeafCommitment(hash: Bytes32): Promise<DecidedBlock | undefined> {
    return this.toBlock(this.statements.leafByLeafCommitment.get(hash.toLowerCase()) as StoredLeafRow | undefined);
  }

  async countTransactions(namespace?: number): Promise<number> {
    const s = this.statements;
    const row = (namespace === undefined ? s.countTransactions.get() : s.countNamespaceTransactions.get(namespace)) as {
      n: number;
    };
    return row.n;
  }

  async countStored(): Promise<StoredCounts> {
    return this.statements.countStored.get() as StoredCounts;
  }

  async getBlocks(from: number, until: number, limit: number): Promise<DecidedBlock[]> {
    const rows = this.statements.leavesInRange.all(from, until, limit) as StoredLeafRow[];
    return rows.map((row) => this.toBlock(row)!);
  }

  /** The block of a leaf row, with its payload read in the same synchronous call (no prune can come between). */
  private toBlock(row: StoredLeafRow | undefined): DecidedBlock | undefined {
    if (!row) return undefined;
    const s = this.statements;
    const tableRow = s.payloadTable.get(row.height) as { namespace_table: string } | undefined;
    const block = tableRow ? (s.blockPayload.get(row.height) as { payload: Buffer } | undefined) : undefined;
    const payloads = tableRow && !block ? (s.namespacePayloads.all(row.height) as { payload: Buffer }[]) : [];
    return decodeBlock({
      ...row,
      namespace_table: tableRow?.namespace_table ?? null,
      block_payload: block?.payload ?? null,
      namespace_payloads: payloads.map((p) => p.payload),
    });
  }

  async getTransaction(hash: Bytes32): Promise<TransactionLocation | undefined> {
    const row = this.statements.transactionByHash.get(hash.toLowerCase()) as TransactionLookupRow | undefined;
    return row ? decodeTransaction(row) : undefined;
  }

  async putFinalityCertificate(certificate: FinalityCertificate): Promise<void> {
    // Other members hold the same certificate: one lost to a power loss is not worth an fsync of its own.
    commitBeforeNextSync(this.db, () =>
      this.statements.upsertFinality.run(certificate.height, toTaggedJson(certificate)),
    );
  }

  async getFinalityCertificate(height: number): Promise<FinalityCertificate | undefined> {
    const row = this.statements.finalityByHeight.get(height) as { certificate: string } | undefined;
    return row ? decodeFinalityCertificate(row.certificate) : undefined;
  }

  async latestFinalityCertificate(): Promise<FinalityCertificate | undefined> {
    const row = this.statements.latestFinality.get() as { certificate: string } | undefined;
    return row ? decodeFinalityCertificate(row.certificate) : undefined;
  }

  async pruneBelow(height: number): Promise<number> {
    return this.db.transaction(() => this.deleteBelow(pruneFloor(height, this.maxHeight())))();
  }

  /** Deletes every row below `height`, inside the caller's transaction; returns how many blocks went. */
  private deleteBelow(height: number): number {
    this.statements.prunePayloadBytes.run(height);
    for (const statement of this.statements.pruneByHeight) statement.run(height);
    return this.statements.pruneLeaves.run(height).changes;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
