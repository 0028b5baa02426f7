import type Database from 'better-sqlite3';
import type { Bytes32 } from '@hotshot/protocol';
import { fromTaggedJson, toTaggedJson } from '../codec/tagged-json';
import { SafetyViolationError } from '../errors';
import type { ActionKind, ActionRecord, PersistedPayload, SafetyStore, SafetyWrite } from '../safety-store';

/** The safety store on SQLite. better-sqlite3 commits synchronously, so each promise resolves after the fsync. */
export class SqliteSafetyStore<TState> implements SafetyStore<TState> {
  private readonly selectState;
  private readonly upsertState;
  private readonly selectAction;
  private readonly insertAction;
  private readonly selectActions;
  private readonly payloadStatements;
  private readonly deletePayloads;
  private readonly selectPayload;

  constructor(private readonly db: Database.Database) {
    this.selectState = db.prepare('SELECT last_actioned_view, state FROM safety_state WHERE id = 1');
    this.upsertState = db.prepare(
      `INSERT INTO safety_state (id, last_actioned_view, state) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_actioned_view = excluded.last_actioned_view, state = excluded.state`,
    );
    this.selectAction = db.prepare('SELECT digest FROM actions WHERE view = ? AND kind = ?');
    this.insertAction = db.prepare('INSERT INTO actions (view, kind, digest) VALUES (?, ?, ?)');
    this.selectActions = db.prepare('SELECT view, kind, digest FROM actions WHERE view >= ? ORDER BY view, kind');
    // Undecided rows only: a decided block's row belongs to the availability store, which gave it its height.
    this.payloadStatements = {
      undecided: db.prepare('SELECT id FROM block_payloads WHERE commitment = ? AND height IS NULL'),
      raiseView: db.prepare('UPDATE block_payloads SET view = max(view, ?) WHERE id = ?'),
      insertBytes: db.prepare('INSERT INTO payload_bytes (payload) VALUES (?)'),
      insertRow: db.prepare('INSERT INTO block_payloads (id, commitment, view) VALUES (?, ?, ?)'),
    };
    // Deleting the bytes deletes their row (ON DELETE CASCADE).
    this.deletePayloads = db.prepare(
      'DELETE FROM payload_bytes WHERE id IN (SELECT id FROM block_payloads WHERE height IS NULL AND view < ?)',
    );
    // A leaf the state names may have been decided since (its row then has a height): either row holds its bytes.
    this.selectPayload = db.prepare(
      'SELECT b.payload FROM block_payloads p JOIN payload_bytes b ON b.id = p.id WHERE p.commitment = ? LIMIT 1',
    );
  }

  async loadState(): Promise<TState | undefined> {
    const row = this.selectState.get() as { state: string } | undefined;
    return row ? fromTaggedJson<TState>(row.state, 'safety state') : undefined;
  }

  async saveState(state: TState, lastActionedView: number): Promise<void> {
    this.db.transaction(() => this.writeState(state, lastActionedView))();
  }

  async recordAction(action: ActionRecord): Promise<void> {
    this.db.transaction(() => this.writeAction(action))();
  }

  async commit(write: SafetyWrite<TState>): Promise<void> {
    this.db.transaction(() => {
      for (const payload of write.payloads) this.writePayload(payload);
      for (const action of write.actions) this.writeAction(action);
      this.writeState(write.state, write.lastActionedView);
      this.deletePayloads.run(write.dropPayloadsBelowView);
    })();
  }

  async loadPayloads(commitments: readonly Bytes32[]): Promise<Map<Bytes32, Uint8Array>> {
    const found = new Map<Bytes32, Uint8Array>();
    for (const commitment of commitments) {
      const row = this.selectPayload.get(commitment) as { payload: Buffer } | undefined;
      if (row) found.set(commitment, new Uint8Array(row.payload.buffer, row.payload.byteOffset, row.payload.length));
    }
    return found;
  }

  /** Stores an undecided payload, or raises the view of the row that holds it already. */
  private writePayload(payload: PersistedPayload): void {
    const s = this.payloadStatements;
    const held = s.undecided.get(payload.commitment) as { id: number } | undefined;
    if (held) {
      s.raiseView.run(payload.view, held.id);
      return;
    }
    const id = s.insertBytes.run(payload.bytes).lastInsertRowid;
    s.insertRow.run(id, payload.commitment, payload.view);
  }

  private writeState(state: TState, lastActionedView: number): void {
    const row = this.selectState.get() as { last_actioned_view: number } | undefined;
    if (row && lastActionedView < row.last_actioned_view) {
      throw new SafetyViolationError('last actioned view would go backwards', {
        stored: row.last_actioned_view,
        attempted: lastActionedView,
      });
    }
    this.upsertState.run(lastActionedView, toTaggedJson(state));
  }

  private writeAction(action: ActionRecord): void {
    const existing = this.selectAction.get(action.view, action.kind) as { digest: string } | undefined;
    if (existing) {
      if (existing.digest === action.digest) return;
      throw new SafetyViolationError('a different action was already taken in this view', {
        view: action.view,
        kind: action.kind,
        recorded: existing.digest,
        attempted: action.digest,
      });
    }
    this.insertAction.run(action.view, action.kind, action.digest);
  }

  async listActions(fromView = 0): Promise<ActionRecord[]> {
    const rows = this.selectActions.all(fromView) as { view: number; kind: ActionKind; digest: Bytes32 }[];
    return rows.map((row) => ({ view: row.view, kind: row.kind, digest: row.digest }));
  }
}
