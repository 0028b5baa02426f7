import { effectsOf, ScriptedCluster, T0 } from '@hotshot/consensus/testing';
import type { PersistedConsensusState } from '@hotshot/consensus';
import { openSqliteDatabase, SqliteSafetyStore } from '@hotshot/storage';
import { PayloadPersistence } from './payload-persistence';

/** Node 1 of four votes for a 1 MB block in view 1, then for its child in view 2: the states it persists. */
function votedStates(): { cluster: ScriptedCluster; states: PersistedConsensusState[] } {
  const cluster = new ScriptedCluster(4, { maxTxBytes: 2 << 20, maxBlockBytes: 4 << 20 });
  cluster.start(1);
  const big = cluster.child(cluster.genesis, 1, { txs: [{ namespace: 7, payload: new Uint8Array(1 << 20).fill(9) }] });
  const first = cluster.feed(1, { kind: 'ProposalReceived', message: cluster.proposal(big), nowMs: T0 + 1 });
  const small = cluster.child(big, 2);
  const second = cluster.feed(1, { kind: 'ProposalReceived', message: cluster.proposal(small), nowMs: T0 + 2 });
  const states = [...effectsOf(first, 'Persist'), ...effectsOf(second, 'Persist')].map((effect) => effect.state);
  return { cluster, states };
}

describe('PayloadPersistence', () => {
  it('keeps payloads out of the saved state, writes each once, and re-attaches them after a restart', async () => {
    const { cluster, states } = votedStates();
    expect(states.length).toBeGreaterThanOrEqual(2);
    const last = states[states.length - 1]!;
    expect(last.undecided.filter((stored) => stored.payload).length).toBe(2);

    const db = openSqliteDatabase(':memory:');
    const store = new SqliteSafetyStore<PersistedConsensusState>(db);
    const persistence = new PayloadPersistence(cluster.contexts[1].bounds);
    const written: number[] = [];
    for (const state of states) {
      const write = persistence.prepare(state, []);
      written.push(write.payloads.reduce((sum, payload) => sum + payload.bytes.length, 0));
      // The state itself never carries payload bytes: a few KB whatever the block size.
      expect(JSON.stringify(write.state, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).length).toBeLessThan(
        16_000,
      );
      expect(write.state.undecided.every((stored) => stored.payload === undefined)).toBe(true);
      await store.commit(write);
    }
    // The 1 MB payload went to disk once, however many states named it afterwards.
    expect(written.filter((bytes) => bytes > 1 << 20).length).toBe(1);

    const restarted = new PayloadPersistence(cluster.contexts[1].bounds);
    const restored = await restarted.restore((await store.loadState())!, store);
    expect(restored.undecided.map((stored) => stored.payload)).toEqual(last.undecided.map((stored) => stored.payload));
    // After the restart the payloads are known to be stored: nothing is written again.
    expect(restarted.prepare(restored, []).payloads).toEqual([]);
    db.close();
  });

  it('passes a state saved with payloads inline (an older node) through unchanged', async () => {
    const { cluster, states } = votedStates();
    const db = openSqliteDatabase(':memory:');
    const store = new SqliteSafetyStore<PersistedConsensusState>(db);
    const inline = states[states.length - 1]!;
    expect(await new PayloadPersistence(cluster.contexts[1].bounds).restore(inline, store)).toEqual(inline);
    db.close();
  });
});
