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

  it('takes ancestors by hash link from a verified QC, never trusting or blaming their own certificates', () => {
    const { cluster, leaf1, leaf2, leaf3, leaf4 } = laggingNode();
    const uncertified = cluster.child(leaf2, 3, { timestamp: T0 + 99 });
    expect(
      cluster.feed(2, { kind: 'LeavesFetched', leaves: [{ leaf: uncertified.leaf }], from: 1, nowMs: T0 }),
    ).toEqual([{ kind: 'Ignored', subject: 'Leaves', sender: 1, view: 0, reason: 'duplicate' }]);
    // The certificates inside fetched leaves are not covered by their commitments: a relay may have forged them.
    const forgedQc = (qc: typeof leaf3.leaf.justifyQc) => ({
      ...qc,
      certificate: { ...qc.certificate, signature: new Uint8Array(96).fill(7) },
    });
    const effects = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: [leaf3, leaf2, leaf1].map(({ leaf }) => ({ leaf: { ...leaf, justifyQc: forgedQc(leaf.justifyQc) } })),
      from: 1,
      nowMs: T0,
    });
    expect(effectsOf(effects, 'Rejected')).toEqual([]);
    const [decide] = effectsOf(effects, 'Decide');
    expect(decide.leaves.map((l) => l.commitment)).toEqual([leaf1.commitment, leaf2.commitment]);
    // The decide rests on the QC the node verified itself (leaf4's justifyQc), not on a fetched certificate.
    expect(decide.qc).toEqual(leaf4.leaf.justifyQc);
    expect(cluster.states[2].highQc).toEqual(leaf4.leaf.justifyQc);
    expect(cluster.states[2].decideProof).toEqual({ qc: leaf4.leaf.justifyQc, child: decide.child });
  });

  it('blames a peer whose fetched leaf does not fit its parent, and keeps the chain below it', () => {
    const { cluster, leaf1, leaf2, leaf3 } = laggingNode();
    // The justifyQc view is not committed to either; an honest node checks it before it stores or serves a leaf.
    const misfit = { ...leaf2.leaf, justifyQc: { ...leaf2.leaf.justifyQc, view: 0 } };
    const effects = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: [{ leaf: leaf3.leaf }, { leaf: misfit }, { leaf: leaf1.leaf }],
      from: 1,
      nowMs: T0,
    });
    expect(effectsOf(effects, 'Rejected')).toEqual([
      { kind: 'Rejected', subject: 'Leaves', sender: 1, view: 0, reason: 'invalid-leaves', detail: 'justify-qc' },
    ]);
    expect([...cluster.states[2].leaves.keys()]).toEqual([cluster.genesis.commitment, leaf1.commitment]);
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
