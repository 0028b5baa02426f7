import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import type { PersistedConsensusState } from '../types/state';
import { initialState } from './state';

/** The last Persist snapshot in a run of effects lists. */
function lastPersisted(...runs: (readonly { kind: string; state?: unknown }[])[]): PersistedConsensusState {
  const persists = runs.flat().filter((effect) => effect.kind === 'Persist');
  return persists[persists.length - 1].state as PersistedConsensusState;
}

describe('persisted safety state and restore (DESIGN.md 4 step 7)', () => {
  it('persists what a restart needs: lastActionedView, highQc, highTc, the decided leaf and the undecided ones', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const leaf2 = cluster.child(leaf1, 2);
    const runs = [
      cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 }),
      cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 }),
    ];
    expect(lastPersisted(...runs)).toEqual({
      lastActionedView: 2,
      lastDaVotedView: 0,
      highQc: cluster.qc(leaf1),
      lastDecided: { leaf: cluster.genesis.leaf, payload: undefined },
      undecided: [
        { leaf: leaf1.leaf, payload: leaf1.payload },
        { leaf: leaf2.leaf, payload: leaf2.payload },
      ],
    });
  });

  it('after a restart never votes or proposes at or below lastActionedView, and decides from its rebuilt tree', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const leaf2 = cluster.child(leaf1, 2);
    const runs = [leaf1, leaf2].map((record) =>
      cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(record), nowMs: T0 }),
    );
    const persisted = lastPersisted(...runs);
    cluster.states[0] = initialState(cluster.contexts[0]);
    const restored = cluster.feed(0, { kind: 'Restored', persisted, nowMs: T0 });
    expect(restored).toEqual([{ kind: 'ScheduleTimeout', view: 2, durationMs: 1_000 }]);
    // A second proposal for view 2 (equivocation or a replay) gets no vote: view 2 is actioned.
    const twin = cluster.child(leaf1, 2, { timestamp: T0 + 77 });
    expect(
      effectsOf(cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(twin), nowMs: T0 }), 'SendTo'),
    ).toEqual([]);
    const leaf3 = cluster.child(leaf2, 3);
    const next = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf3), nowMs: T0 });
    expect(effectsOf(next, 'Decide').map((d) => d.leaves[0].commitment)).toEqual([leaf1.commitment]);
    // View 3 is new: it votes (node 0 leads view 4, so the vote is counted here, not sent).
    expect(cluster.states[0].votes.get(3)?.votes.get(0)?.data).toBe(leaf3.commitment);
  });

  it('re-enters the view it timed out and re-sends the very same timeout; a leader does not re-propose', () => {
    const cluster = new ScriptedCluster();
    cluster.start(1);
    const timedOut = cluster.feed(1, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    const sent = effectsOf(timedOut, 'Broadcast')[0].message;
    cluster.states[1] = initialState(cluster.contexts[1]);
    const restored = cluster.feed(1, { kind: 'Restored', persisted: lastPersisted(timedOut), nowMs: T0 });
    // Node 1 leads view 1, but it acted there: no BuildBlock.
    expect(restored).toEqual([{ kind: 'ScheduleTimeout', view: 1, durationMs: 1_000 }]);
    const again = cluster.feed(1, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    expect(effectsOf(again, 'Broadcast').map((effect) => effect.message)).toEqual([sent]);
    // Its own vote counts again after the restart: two more make a certificate.
    cluster.feed(1, { kind: 'TimeoutReceived', message: cluster.timeout(2, 1, cluster.genesisQc) });
    cluster.feed(1, { kind: 'TimeoutReceived', message: cluster.timeout(3, 1, cluster.genesisQc) });
    expect(cluster.states[1].view).toBe(2);
  });

  it('re-enters the view after its highest timeout certificate, which it can still forward to laggards', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const runs = [1, 2, 3].map((sender) =>
      cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(sender, 1, cluster.genesisQc) }),
    );
    const persisted = lastPersisted(...runs);
    expect(persisted.highTc?.view).toBe(1);
    cluster.states[0] = initialState(cluster.contexts[0]);
    expect(cluster.feed(0, { kind: 'Restored', persisted, nowMs: T0 })).toEqual([
      { kind: 'ScheduleTimeout', view: 2, durationMs: 1_000 },
    ]);
    const lagging = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(3, 1, cluster.genesisQc) });
    expect(effectsOf(lagging, 'SendTo')[0].message).toMatchObject({
      kind: 'Certificate',
      timeoutCertificate: { view: 1 },
    });
  });

  it('skips persisted leaves that do not connect to its decided leaf', () => {
    const cluster = new ScriptedCluster();
    const leaf1 = cluster.child(cluster.genesis, 1);
    const orphan = cluster.child(cluster.child(cluster.genesis, 2), 3);
    const persisted: PersistedConsensusState = {
      lastActionedView: 3,
      lastDaVotedView: 0,
      highQc: cluster.qc(leaf1),
      lastDecided: { leaf: cluster.genesis.leaf },
      undecided: [{ leaf: orphan.leaf }, { leaf: leaf1.leaf, payload: leaf1.payload }],
    };
    cluster.feed(0, { kind: 'Restored', persisted, nowMs: T0 });
    expect([...cluster.states[0].leaves.keys()].sort()).toEqual([cluster.genesis.commitment, leaf1.commitment].sort());
    expect(cluster.states[0].view).toBe(3);
  });
});
