import type { PoolClient } from 'pg';
import type { Bytes32 } from '@hotshot/protocol';
import { fromTaggedJson, toTaggedJson } from '../codec/tagged-json';
import { SafetyViolationError } from '../errors';
import type { ActionKind, ActionRecord, PersistedPayload, SafetyStore, SafetyWrite } from '../safety-store';
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

  async commit(write: SafetyWrite<TState>): Promise<void> {
    await this.db.transaction('commit safety state', async (client) => {
      for (const payload of write.payloads) await writePayload(client, payload);
      for (const action of write.actions) {
        // Within the transaction the row lock taken by the insert or the select holds until commit.
        await client.query(
          'INSERT INTO actions (view, kind, digest) VALUES ($1, $2, $3) ON CONFLICT (view, kind) DO NOTHING',
          [action.view, action.kind, action.digest],
        );
        const { rows } = await client.query<{ digest: string }>(
          'SELECT digest FROM actions WHERE view = $1 AND kind = $2',
          [action.view, action.kind],
        );
        if (rows[0]?.digest !== action.digest) {
          throw new SafetyViolationError('a different action was already taken in this view', {
            view: action.view,
            kind: action.kind,
            recorded: rows[0]?.digest,
            attempted: action.digest,
          });
        }
      }
      const { rows } = await client.query<{ last_actioned_view: string }>(
        'SELECT last_actioned_view FROM safety_state WHERE id = 1 FOR UPDATE',
      );
      const stored = rows[0] ? Number(rows[0].last_actioned_view) : undefined;
      if (stored !== undefined && write.lastActionedView < stored) {
        throw new SafetyViolationError('last actioned view would go backwards', {
          stored,
          attempted: write.lastActionedView,
        });
      }
      await client.query(
        `INSERT INTO safety_state (id, last_actioned_view, state) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET last_actioned_view = excluded.last_actioned_view, state = excluded.state`,
        [write.lastActionedView, toTaggedJson(write.state)],
      );
      // Deleting the bytes deletes their row (ON DELETE CASCADE).
      await client.query(
        'DELETE FROM payload_bytes WHERE id IN (SELECT id FROM block_payloads WHERE height IS NULL AND view < $1)',
        [write.dropPayloadsBelowView],
      );
    });
  }

  async loadPayloads(commitments: readonly Bytes32[]): Promise<Map<Bytes32, Uint8Array>> {
    const found = new Map<Bytes32, Uint8Array>();
    if (commitments.length === 0) return found;
    const { rows } = await this.db.query<{ commitment: Bytes32; payload: Buffer }>(
      // A leaf the state names may have been decided since (its row then has a height): either row holds its bytes.
      'load payloads',
      `SELECT DISTINCT ON (p.commitment) p.commitment, b.payload
       FROM block_payloads p JOIN payload_bytes b ON b.id = p.id WHERE p.commitment = ANY($1)`,
      [[...commitments]],
    );
    for (const row of rows) {
      found.set(row.commitment, new Uint8Array(row.payload.buffer, row.payload.byteOffset, row.payload.length));
    }
    return found;
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

/**
 * Stores an undecided payload, or raises the view of the row that holds it already. Undecided rows only: a decided
 * block's row belongs to the availability store, which gave it its height.
 */
async function writePayload(client: PoolClient, payload: PersistedPayload): Promise<void> {
  const held = await client.query<{ id: string }>(
    'SELECT id FROM block_payloads WHERE commitment = $1 AND height IS NULL',
    [payload.commitment],
  );
  if (held.rows[0]) {
    await client.query('UPDATE block_payloads SET view = GREATEST(view, $1) WHERE id = $2', [
      payload.view,
      held.rows[0].id,
    ]);
    return;
  }
  // pg sends any byte view as bytea.
  const { rows } = await client.query<{ id: string }>('INSERT INTO payload_bytes (payload) VALUES ($1) RETURNING id', [
    payload.bytes,
  ]);
  await client.query('INSERT INTO block_payloads (id, commitment, view) VALUES ($1, $2, $3)', [
    rows[0]!.id,
    payload.commitment,
    payload.view,
  ]);
}
