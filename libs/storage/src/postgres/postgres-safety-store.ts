import type { Bytes32 } from '@hotshot/protocol';
import { fromTaggedJson, toTaggedJson } from '../codec/tagged-json';
import { SafetyViolationError } from '../errors';
import type { ActionKind, ActionRecord, SafetyStore } from '../safety-store';
import type { PostgresDatabase } from './postgres-database';

/**
 * The safety store on PostgreSQL. Each write is a single statement whose conflict handling takes the row lock,
 * so two writers cannot both pass a check; a promise resolves after the commit is durable (synchronous_commit).
 */
export class PostgresSafetyStore<TState> implements SafetyStore<TState> {
  constructor(private readonly db: PostgresDatabase) {}

  async loadState(): Promise<TState | undefined> {
    const { rows } = await this.db.query<{ state: string }>(
      'load safety state',
      'SELECT state FROM safety_state WHERE id = 1',
    );
    return rows[0] ? fromTaggedJson<TState>(rows[0].state, 'safety state') : undefined;
  }

  async saveState(state: TState, lastActionedView: number): Promise<void> {
    // The WHERE on the conflict branch makes the check and the write one atomic step.
    const { rowCount } = await this.db.query(
      'save safety state',
      `INSERT INTO safety_state (id, last_actioned_view, state) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET last_actioned_view = excluded.last_actioned_view, state = excluded.state
       WHERE safety_state.last_actioned_view <= excluded.last_actioned_view`,
      [lastActionedView, toTaggedJson(state)],
    );
    if (rowCount === 1) return;
    const { rows } = await this.db.query<{ last_actioned_view: string }>(
      'load safety state',
      'SELECT last_actioned_view FROM safety_state WHERE id = 1',
    );
    throw new SafetyViolationError('last actioned view would go backwards', {
      stored: Number(rows[0]?.last_actioned_view),
      attempted: lastActionedView,
    });
  }

  async recordAction(action: ActionRecord): Promise<void> {
    const { rowCount } = await this.db.query(
      'record action',
      'INSERT INTO actions (view, kind, digest) VALUES ($1, $2, $3) ON CONFLICT (view, kind) DO NOTHING',
      [action.view, action.kind, action.digest],
    );
    if (rowCount === 1) return;
    // Actions are never updated or deleted, so the row that won the conflict is committed and still there.
    const { rows } = await this.db.query<{ digest: string }>(
      'load action',
      'SELECT digest FROM actions WHERE view = $1 AND kind = $2',
      [action.view, action.kind],
    );
    const recorded = rows[0]?.digest;
    if (recorded === action.digest) return;
    throw new SafetyViolationError('a different action was already taken in this view', {
      view: action.view,
      kind: action.kind,
      recorded,
      attempted: action.digest,
    });
  }

  async listActions(fromView = 0): Promise<ActionRecord[]> {
    // COLLATE "C" orders kinds bytewise, as SQLite does, whatever the database's locale.
    const { rows } = await this.db.query<{ view: string; kind: ActionKind; digest: Bytes32 }>(
      'list actions',
      'SELECT view, kind, digest FROM actions WHERE view >= $1 ORDER BY view, kind COLLATE "C"',
      [fromView],
    );
    return rows.map((row) => ({ view: Number(row.view), kind: row.kind, digest: row.digest }));
  }
}
