import type Database from 'better-sqlite3';
import {
  blockTransactionHashes,
  namespaceTransactionSpans,
  UNBOUNDED,
  type BlockPayload,
  type Bytes32,
  type FinalityCertificate,
  type Header,
  type Leaf,
  type NamespaceEntry,
  type QuorumCertificate,
} from '@hotshot/protocol';
import type {
  AppendDecidedOptions,
  AvailabilityStore,
  DecidedBlock,
  StoredCounts,
  TransactionLocation,
} from '../availability-store';
import { fromTaggedJson, toTaggedJson } from '../codec/tagged-json';
import { SafetyViolationError, StorageError } from '../errors';
import { commitBeforeNextSync } from './sqlite-database';

interface LeafRow {
  height: number;
  leaf_commitment: Bytes32;
  header_commitment: Bytes32;
  leaf: string;
  deciding_qc: string | null;
}

/**
 * The availability store on SQLite; each call is one synchronous transaction. Appends of decided blocks and finality
 * certificates are durable at the next safety commit (commitBeforeNextSync); the rest at once.
 */
export class SqliteAvailabilityStore implements AvailabilityStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      leafByHeight: db.prepare('SELECT * FROM leaves WHERE height = ?'),
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
        'INSERT INTO leaves (height, view, leaf_commitment, header_commitment, leaf, deciding_qc) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      updateDecidingQc: db.prepare('UPDATE leaves SET deciding_qc = ? WHERE height = ? AND deciding_qc IS NULL'),
      payloadTable: db.prepare('SELECT namespace_table FROM payloads WHERE height = ?'),
      insertPayload: db.prepare('INSERT OR IGNORE INTO payloads (height, namespace_table) VALUES (?, ?)'),
      namespacePayloads: db.prepare('SELECT payload FROM namespace_payloads WHERE height = ? ORDER BY position'),
      insertNamespacePayload: db.prepare(
        'INSERT OR IGNORE INTO namespace_payloads (height, position, payload) VALUES (?, ?, ?)',
      ),
      // A hash decided twice (only a faulty leader could do that) keeps its first location.
      insertTransaction: db.prepare(
        `INSERT OR IGNORE INTO transactions (hash, height, idx, namespace, position, data_offset, data_length)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Rows from before schema 3 hold their own copy; later ones a span of the namespace payload.
      transactionByHash: db.prepare(
        `SELECT t.hash, t.height, t.idx, t.namespace,
           coalesce(t.payload, substr(n.payload, t.data_offset + 1, t.data_length)) AS payload
         FROM transactions t LEFT JOIN namespace_payloads n ON n.height = t.height AND n.position = t.position
         WHERE t.hash = ?`,
      ),
      upsertFinality: db.prepare(
        'INSERT INTO finality_certificates (height, certificate) VALUES (?, ?) ON CONFLICT (height) DO NOTHING',
      ),
      finalityByHeight: db.prepare('SELECT certificate FROM finality_certificates WHERE height = ?'),
      latestFinality: db.prepare('SELECT certificate FROM finality_certificates ORDER BY height DESC LIMIT 1'),
      pruneLeaves: db.prepare('DELETE FROM leaves WHERE height < ?'),
      prunePayloads: db.prepare('DELETE FROM payloads WHERE height < ?'),
      pruneNamespacePayloads: db.prepare('DELETE FROM namespace_payloads WHERE height < ?'),
      pruneTransactions: db.prepare('DELETE FROM transactions WHERE height < ?'),
      pruneFinality: db.prepare('DELETE FROM finality_certificates WHERE height < ?'),
    };
  }

  async appendDecided(blocks: readonly DecidedBlock[], options: AppendDecidedOptions = {}): Promise<void> {
    const s = this.statements;
    // Decided blocks may trail the safety state's fsync, never run ahead of it: see commitBeforeNextSync.
    commitBeforeNextSync(this.db, () => {
      let latest = (s.maxHeight.get() as { h: number | null }).h;
      const first = blocks[0]?.leaf.header.height;
      if (options.startChain && first !== undefined && latest !== null && first > latest + 1) {
        this.deleteBelow(first);
        latest = null;
      }
      for (const block of blocks) {
        const height = block.leaf.header.height;
        const existing = s.leafByHeight.get(height) as LeafRow | undefined;
        if (existing) {
          if (existing.leaf_commitment !== block.leafCommitment) {
            throw new SafetyViolationError('a different leaf is already decided at this height', {
              height,
              stored: existing.leaf_commitment,
              attempted: block.leafCommitment,
            });
          }
          if (block.decidingQc) s.updateDecidingQc.run(toTaggedJson(block.decidingQc), height);
          if (block.payload) this.insertPayload(height, block.payload);
          continue;
        }
        if (latest !== null && height !== latest + 1) {
          throw new StorageError('decided blocks must be appended without gaps', { expected: latest + 1, got: height });
        }
        s.insertLeaf.run(
          height,
          block.leaf.view,
          block.leafCommitment,
          block.headerCommitment,
          toTaggedJson(block.leaf),
          block.decidingQc ? toTaggedJson(block.decidingQc) : null,
        );
        if (block.payload) this.insertPayload(height, block.payload);
        latest = height;
      }
    });
  }

  async attachPayload(height: number, payload: BlockPayload): Promise<void> {
    this.db.transaction(() => {
      if (!this.statements.leafByHeight.get(height)) {
        throw new StorageError('no decided block at this height to attach a payload to', { height });
      }
      this.insertPayload(height, payload);
    })();
  }

  private insertPayload(height: number, payload: BlockPayload): void {
    const s = this.statements;
    if (s.payloadTable.get(height)) return;
    s.insertPayload.run(height, toTaggedJson(payload.namespaceTable));
    payload.namespacePayloads.forEach((bytes, position) => s.insertNamespacePayload.run(height, position, bytes));
    const hashes = blockTransactionHashes(payload);
    let index = 0;
    payload.namespaceTable.forEach((entry, position) => {
      for (const span of namespaceTransactionSpans(payload.namespacePayloads[position]!, UNBOUNDED)) {
        s.insertTransaction.run(hashes[index], height, index, entry.namespace, position, span.offset, span.length);
        index++;
      }
    });
  }

  async latestHeight(): Promise<number | undefined> {
    return (this.statements.maxHeight.get() as { h: number | null }).h ?? undefined;
  }

  async earliestHeight(): Promise<number | undefined> {
    return (this.statements.minHeight.get() as { h: number | null }).h ?? undefined;
  }

  async getLeaf(height: number): Promise<Leaf | undefined> {
    const row = this.statements.leafByHeight.get(height) as LeafRow | undefined;
    return row ? fromTaggedJson<Leaf>(row.leaf, 'leaf') : undefined;
  }

  async getHeader(height: number): Promise<Header | undefined> {
    return (await this.getLeaf(height))?.header;
  }

  async getBlock(height: number): Promise<DecidedBlock | undefined> {
    const row = this.statements.leafByHeight.get(height) as LeafRow | undefined;
    return row ? this.toBlock(row) : undefined;
  }

  async getBlockByHash(hash: Bytes32): Promise<DecidedBlock | undefined> {
    const row = this.statements.leafByHash.get(hash.toLowerCase()) as LeafRow | undefined;
    return row ? this.toBlock(row) : undefined;
  }

  async getBlockByLeafCommitment(hash: Bytes32): Promise<DecidedBlock | undefined> {
    const row = this.statements.leafByLeafCommitment.get(hash.toLowerCase()) as LeafRow | undefined;
    return row ? this.toBlock(row) : undefined;
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
    const rows = this.statements.leavesInRange.all(from, until, limit) as LeafRow[];
    return rows.map((row) => this.toBlock(row));
  }

  private toBlock(row: LeafRow): DecidedBlock {
    const tableRow = this.statements.payloadTable.get(row.height) as { namespace_table: string } | undefined;
    let payload: BlockPayload | undefined;
    if (tableRow) {
      const payloads = this.statements.namespacePayloads.all(row.height) as { payload: Buffer }[];
      payload = {
        namespaceTable: fromTaggedJson<NamespaceEntry[]>(tableRow.namespace_table, 'namespace table'),
        namespacePayloads: payloads.map((p) => new Uint8Array(p.payload)),
      };
    }
    return {
      leaf: fromTaggedJson<Leaf>(row.leaf, 'leaf'),
      leafCommitment: row.leaf_commitment,
      headerCommitment: row.header_commitment,
      payload,
      decidingQc: row.deciding_qc ? fromTaggedJson<QuorumCertificate>(row.deciding_qc, 'certificate') : undefined,
    };
  }

  async getTransaction(hash: Bytes32): Promise<TransactionLocation | undefined> {
    const row = this.statements.transactionByHash.get(hash.toLowerCase()) as
      { hash: Bytes32; height: number; idx: number; namespace: number; payload: Buffer } | undefined;
    if (!row) return undefined;
    return {
      hash: row.hash,
      height: row.height,
      index: row.idx,
      transaction: { namespace: row.namespace, payload: new Uint8Array(row.payload) },
    };
  }

  async putFinalityCertificate(certificate: FinalityCertificate): Promise<void> {
    // Other members hold the same certificate: one lost to a power loss is not worth an fsync of its own.
    commitBeforeNextSync(this.db, () =>
      this.statements.upsertFinality.run(certificate.height, toTaggedJson(certificate)),
    );
  }

  async getFinalityCertificate(height: number): Promise<FinalityCertificate | undefined> {
    const row = this.statements.finalityByHeight.get(height) as { certificate: string } | undefined;
    return row ? fromTaggedJson<FinalityCertificate>(row.certificate, 'finality certificate') : undefined;
  }

  async latestFinalityCertificate(): Promise<FinalityCertificate | undefined> {
    const row = this.statements.latestFinality.get() as { certificate: string } | undefined;
    return row ? fromTaggedJson<FinalityCertificate>(row.certificate, 'finality certificate') : undefined;
  }

  async pruneBelow(height: number): Promise<number> {
    const s = this.statements;
    return this.db.transaction(() => {
      const latest = (s.maxHeight.get() as { h: number | null }).h;
      // The newest block stays: it anchors the chain that later appends continue.
      return this.deleteBelow(latest === null ? height : Math.min(height, latest));
    })();
  }

  /** Deletes every row below `height`, inside the caller's transaction; returns how many blocks went. */
  private deleteBelow(height: number): number {
    const s = this.statements;
    s.prunePayloads.run(height);
    s.pruneNamespacePayloads.run(height);
    s.pruneTransactions.run(height);
    s.pruneFinality.run(height);
    return s.pruneLeaves.run(height).changes;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
