import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Bytes32 } from '@hotshot/protocol';
import type { Hex } from 'viem';
import { ProtectionRecordError, SigningRefusedError } from '../signer-errors';
import { VOTE_KINDS, type SigningKind } from '../signing-request';

/** One signature on record: which key signed which digest for which (kind, view or height). */
export interface SignedRecord {
  readonly publicKey: Hex;
  readonly kind: SigningKind;
  readonly position: number;
  readonly digest: Bytes32;
}

/**
 * The position at or below which a key signs nothing new for one kind: for votes the highest view voted at; for
 * proposals and finality the highest record pruned away.
 */
export interface Watermark {
  readonly publicKey: Hex;
  readonly kind: SigningKind;
  readonly position: number;
}

/** What `record` decided: a new signature may be made, or the same digest was signed before (answer again). */
export type RecordOutcome = 'new' | 'repeated';

/** What a merge changed. `conflicts` counts imported digests that differ from one already held (the held one stays). */
export interface MergeSummary {
  readonly records: number;
  readonly conflicts: number;
  readonly watermarks: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS signed (
    public_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (public_key, kind, position)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS watermarks (
    public_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (public_key, kind)
  ) WITHOUT ROWID;
`;

/**
 * The signer's double-sign record (EIP-3076's slashing-protection database, for HotShot's messages): per key, every
 * (kind, view) it signed with the digest, and per vote kind the highest view voted at. It belongs to one chain,
 * fixed when the file is made. Each check-and-record is one IMMEDIATE transaction with `synchronous = FULL`, so
 * when `record` returns the row is on disk: a crash after it can lose a signature, never the record of one. Two
 * processes on one file are serialized by SQLite's write lock.
 */
export class SigningProtectionDb {
  private readonly statements;
  private readonly recordTransaction;

  private constructor(
    private readonly db: Database.Database,
    /** The chain this record belongs to. */
    readonly chainId: bigint,
  ) {
    this.statements = {
      digestAt: db.prepare<[string, string, number], { digest: string }>(
        'SELECT digest FROM signed WHERE public_key = ? AND kind = ? AND position = ?',
      ),
      watermark: db.prepare<[string, string], { position: number }>(
        'SELECT position FROM watermarks WHERE public_key = ? AND kind = ?',
      ),
      insertSigned: db.prepare('INSERT OR IGNORE INTO signed (public_key, kind, position, digest) VALUES (?, ?, ?, ?)'),
      raiseWatermark: db.prepare(
        `INSERT INTO watermarks (public_key, kind, position) VALUES (?, ?, ?)
         ON CONFLICT (public_key, kind) DO UPDATE SET position = MAX(position, excluded.position)`,
      ),
      highestPerKind: db.prepare<[], { public_key: string; kind: string; position: number }>(
        'SELECT public_key, kind, MAX(position) AS position FROM signed GROUP BY public_key, kind',
      ),
      highestAtOrBelow: db.prepare<[string, string, number], { position: number | null }>(
        'SELECT MAX(position) AS position FROM signed WHERE public_key = ? AND kind = ? AND position <= ?',
      ),
      deleteAtOrBelow: db.prepare('DELETE FROM signed WHERE public_key = ? AND kind = ? AND position <= ?'),
      allSigned: db.prepare<[], { public_key: string; kind: string; position: number; digest: string }>(
        'SELECT public_key, kind, position, digest FROM signed ORDER BY public_key, kind, position',
      ),
      allWatermarks: db.prepare<[], { public_key: string; kind: string; position: number }>(
        'SELECT public_key, kind, position FROM watermarks ORDER BY public_key, kind',
      ),
    };
    this.recordTransaction = db.transaction((entry: SignedRecord): RecordOutcome => this.checkAndRecord(entry));
  }

  /**
   * Opens (or makes) the record at `file` for `chainId`; `:memory:` for tests. Throws ProtectionRecordError
   * (`chainMismatch`) when the file belongs to another chain, (`unreadable`) when it cannot be opened.
   */
  static open(file: string, chainId: bigint): SigningProtectionDb {
    let db: Database.Database;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      // FULL, not WAL's usual NORMAL: a commit is fsynced before the signature it allows leaves the process.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA);
    } catch (cause) {
      throw new ProtectionRecordError('unreadable', `cannot open the protection database ${file}`, { file }, cause);
    }
    const stored = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'chain_id'").get();
    if (stored === undefined) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('chain_id', ?)").run(chainId.toString());
    } else if (stored.value !== chainId.toString()) {
      db.close();
      throw new ProtectionRecordError('chainMismatch', `the protection database ${file} is for another chain`, {
        file,
        database: stored.value,
        expected: chainId.toString(),
      });
    }
    return new SigningProtectionDb(db, chainId);
  }

  /**
   * The chain id stored in the existing database at `file`. Throws ProtectionRecordError (`unreadable`) when the
   * file is missing or is not a protection database.
   */
  static chainIdOf(file: string): bigint {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'chain_id'").get();
      if (row !== undefined) return BigInt(row.value);
    } catch (cause) {
      throw new ProtectionRecordError('unreadable', `${file} is not a protection database`, { file }, cause);
    } finally {
      db?.close();
    }
    throw new ProtectionRecordError('unreadable', `${file} is not a protection database`, { file });
  }

  /**
   * Records that `entry.publicKey` signs `entry.digest` for (kind, position), durably, or refuses: a different
   * digest there is `double-sign`; for a vote kind, a position at or below the key's watermark is
   * `below-watermark`. The same digest again is `repeated` (sign it again, nothing new is recorded).
   */
  record(entry: SignedRecord): RecordOutcome {
    // IMMEDIATE takes the write lock before the read, so two processes cannot both find the slot free.
    return this.recordTransaction.immediate(normalize(entry));
  }

  /** Every record and watermark, ordered by key, kind and position (for export and tests). */
  contents(): { readonly signed: SignedRecord[]; readonly watermarks: Watermark[] } {
    return {
      signed: this.statements.allSigned.all().map((row) => ({
        publicKey: row.public_key as Hex,
        kind: row.kind as SigningKind,
        position: row.position,
        digest: row.digest as Bytes32,
      })),
      watermarks: this.statements.allWatermarks.all().map((row) => ({
        publicKey: row.public_key as Hex,
        kind: row.kind as SigningKind,
        position: row.position,
      })),
    };
  }

  /**
   * Adds another record to this one in one transaction: records this database lacks are added, a conflicting digest
   * keeps the one held (both are refused for any third), and each watermark becomes the larger of the two, raised
   * to the highest imported vote. Safe to repeat.
   */
  merge(signed: readonly SignedRecord[], watermarks: readonly Watermark[]): MergeSummary {
    const run = this.db.transaction((): MergeSummary => {
      let records = 0;
      let conflicts = 0;
      for (const raw of signed) {
        const entry = normalize(raw);
        const held = this.statements.digestAt.get(entry.publicKey, entry.kind, entry.position);
        if (held === undefined) {
          this.statements.insertSigned.run(entry.publicKey, entry.kind, entry.position, entry.digest);
          records += 1;
        } else if (held.digest !== entry.digest) conflicts += 1;
        if (VOTE_KINDS.has(entry.kind)) this.statements.raiseWatermark.run(entry.publicKey, entry.kind, entry.position);
      }
      for (const mark of watermarks) {
        this.statements.raiseWatermark.run(mark.publicKey.toLowerCase(), mark.kind, mark.position);
      }
      return { records, conflicts, watermarks: watermarks.length };
    });
    return run.immediate();
  }

  /**
   * Forgets records more than `retain` positions below each (key, kind)'s highest, raising that pair's watermark to
   * the highest forgotten position, so everything forgotten stays refused (as EIP-3076's minimal format does). Only
   * the idempotent answer to a very old repeated request is lost. Returns how many records were removed.
   */
  prune(retain: number): number {
    const run = this.db.transaction((): number => {
      let removed = 0;
      for (const top of this.statements.highestPerKind.all()) {
        const floor = top.position - retain;
        const forgotten = this.statements.highestAtOrBelow.get(top.public_key, top.kind, floor);
        if (forgotten?.position == null) continue;
        removed += this.statements.deleteAtOrBelow.run(top.public_key, top.kind, floor).changes;
        this.statements.raiseWatermark.run(top.public_key, top.kind, forgotten.position);
      }
      return removed;
    });
    return run.immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private checkAndRecord(entry: SignedRecord): RecordOutcome {
    const { publicKey, kind, position, digest } = entry;
    const held = this.statements.digestAt.get(publicKey, kind, position);
    if (held !== undefined) {
      if (held.digest === digest) return 'repeated';
      throw new SigningRefusedError('double-sign', `already signed another ${kind} digest at ${position}`, {
        kind,
        position,
        publicKey,
      });
    }
    // Votes raise their watermark at every signature; proposals and finality get one only when their older records
    // are pruned (or imported), and then refuse what they no longer remember.
    const watermark = this.statements.watermark.get(publicKey, kind);
    if (watermark !== undefined && position <= watermark.position) {
      throw new SigningRefusedError('below-watermark', `already signed (${kind}) at or past ${position}`, {
        kind,
        position,
        watermark: watermark.position,
        publicKey,
      });
    }
    if (VOTE_KINDS.has(kind)) this.statements.raiseWatermark.run(publicKey, kind, position);
    this.statements.insertSigned.run(publicKey, kind, position, digest);
    return 'new';
  }
}

/** Keys and digests are compared as lower-case hex, whatever case a caller or a file used. */
function normalize(entry: SignedRecord): SignedRecord {
  return {
    publicKey: entry.publicKey.toLowerCase() as Hex,
    kind: entry.kind,
    position: entry.position,
    digest: entry.digest.toLowerCase() as Bytes32,
  };
}
