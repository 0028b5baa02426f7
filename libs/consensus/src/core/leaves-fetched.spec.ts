import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';

/** Node 2 sees leaf4 (views 1-4 in a row, from leader 0) without its ancestors. */
function laggingNode() {
  const cluster = new ScriptedCluster();
  cluster.start(2);
  const leaf1 = cluster.child(cluster.genesis, 1);
  const leaf2 = cluster.child(leaf1, 2);
  const leaf3 = cluster.child(leaf2, 3);
  const leaf4 = cluster.child(leaf3, 4);
  const asked = cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(leaf4), nowMs: T0 });
  return { cluster, leaf1, leaf2, leaf3, leaf4, asked };
}

describe('catch-up through fetched leaves', () => {
  it('asks for the missing chain, attaches it whatever the order, decides it, and votes for the held proposal', () => {
    const { cluster, leaf1, leaf2, leaf3, leaf4, asked } = laggingNode();
    expect(effectsOf(asked, 'RequestLeaves')).toEqual([
      { kind: 'RequestLeaves', leafCommitment: leaf3.commitment, view: 3, fromHeight: 1, peer: 0 },
    ]);
    const effects = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: [leaf2, leaf3, leaf1].map(({ leaf, payload }) => ({ leaf, payload })),
      from: 2,
      nowMs: T0,
    });
    expect(effectsOf(effects, 'Decide').flatMap((d) => d.leaves.map((l) => l.leaf.header.height))).toEqual([1, 2]);
    expect(effectsOf(effects, 'Decide')[0].leaves[0].payload).toEqual(leaf1.payload);
    expect(effectsOf(effects, 'SendTo')).toEqual([
      { kind: 'SendTo', to: 1, message: cluster.vote(2, 4, leaf4.commitment) },
    ]);
    // The view timer asks again for what is still missing; with nothing missing it asks for nothing.
    expect(effectsOf(cluster.feed(2, { kind: 'TimeoutElapsed', view: 4, nowMs: T0 }), 'RequestLeaves')).toEqual([]);
  });

  it('takes only leaves a verified QC certifies, blames a peer whose certified leaf carries a bad QC', () => {
    const { cluster, leaf1, leaf2, leaf3 } = laggingNode();
    const uncertified = cluster.child(leaf2, 3, { timestamp: T0 + 99 });
    expect(
      cluster.feed(2, { kind: 'LeavesFetched', leaves: [{ leaf: uncertified.leaf }], from: 1, nowMs: T0 }),
    ).toEqual([{ kind: 'Ignored', subject: 'Leaves', sender: 1, view: 0, reason: 'duplicate' }]);
    const badQc = { ...leaf3.leaf.justifyQc, certificate: cluster.qc(leaf2, [0]).certificate };
    const forged = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: [{ leaf: { ...leaf3.leaf, justifyQc: badQc } }, { leaf: leaf1.leaf }],
      from: 1,
      nowMs: T0,
    });
    expect(forged).toEqual([
      { kind: 'Rejected', subject: 'Leaves', sender: 1, view: 0, reason: 'invalid-leaves', detail: 'justify-qc' },
    ]);
    expect(cluster.states[2].leaves.size).toBe(1);
  });

  it('keeps a certified leaf but drops a payload that does not match its header', () => {
    const { cluster, leaf1, leaf2, leaf3 } = laggingNode();
    cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: [
        { leaf: leaf3.leaf },
        { leaf: leaf2.leaf, payload: leaf1.payload },
        { leaf: leaf1.leaf, payload: leaf1.payload },
      ],
      nowMs: T0,
    });
    expect(cluster.states[2].lastDecided.commitment).toBe(leaf2.commitment);
    expect(cluster.states[2].lastDecided.payload).toBeUndefined();
  });

  it('re-requests leaves for held proposals on every view timer', () => {
    const { cluster, leaf3 } = laggingNode();
    const again = cluster.feed(2, { kind: 'TimeoutElapsed', view: 4, nowMs: T0 });
    expect(effectsOf(again, 'RequestLeaves')).toEqual([expect.objectContaining({ leafCommitment: leaf3.commitment })]);
    const fresh = new ScriptedCluster();
    expect(fresh.feed(2, { kind: 'LeavesFetched', leaves: [], nowMs: T0 })).toEqual([
      expect.objectContaining({ kind: 'Ignored', reason: 'not-started' }),
    ]);
  });
});
