import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';

/** Node 2 leads view 2, so it gathers the votes of view 1. */
function leaderWithProposal() {
  const cluster = new ScriptedCluster();
  cluster.start(2);
  const leaf1 = cluster.child(cluster.genesis, 1);
  cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
  return { cluster, leaf1 };
}

describe('vote collection (DESIGN.md 4 step 4)', () => {
  it('aggregates votes unchecked and, when the quorum fails to verify, drops the forged vote and waits for more', () => {
    const { cluster, leaf1 } = leaderWithProposal();
    const forged = { ...cluster.vote(0, 1, leaf1.commitment), signature: cluster.sign(3, `0x${'00'.repeat(32)}`) };
    expect(cluster.feed(2, { kind: 'VoteReceived', message: forged })).toEqual([]);
    const effects = cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(1, 1, leaf1.commitment) });
    expect(effects).toEqual([
      { kind: 'Rejected', subject: 'QuorumVote', sender: 0, view: 1, reason: 'invalid-signature' },
    ]);
    expect(cluster.states[2].view).toBe(1);
    const completed = cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(3, 1, leaf1.commitment) });
    expect(effectsOf(completed, 'BuildBlock')).toHaveLength(1);
    expect(cluster.states[2].highQc).toMatchObject({ view: 1, leafCommitment: leaf1.commitment });
  });

  it('rejects a second vote for another leaf in the same view from the same member (double vote)', () => {
    const { cluster, leaf1 } = leaderWithProposal();
    cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) });
    const other = cluster.child(cluster.genesis, 1, { timestamp: T0 + 9 }).commitment;
    expect(cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, other) })).toEqual([
      { kind: 'Rejected', subject: 'QuorumVote', sender: 0, view: 1, reason: 'equivocation' },
    ]);
    expect(cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) })).toEqual([
      { kind: 'Ignored', subject: 'QuorumVote', sender: 0, view: 1, reason: 'duplicate' },
    ]);
  });

  it('lets the genuine vote replace one forged in its sender’s name', () => {
    const { cluster, leaf1 } = leaderWithProposal();
    const forged = { ...cluster.vote(0, 1, leaf1.commitment), signature: cluster.sign(3, `0x${'00'.repeat(32)}`) };
    cluster.feed(2, { kind: 'VoteReceived', message: forged });
    expect(cluster.feed(2, { kind: 'VoteReceived', message: { ...forged, signature: new Uint8Array(96) } })).toEqual([
      { kind: 'Rejected', subject: 'QuorumVote', sender: 0, view: 1, reason: 'invalid-signature' },
    ]);
    expect(cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) })).toEqual([]);
    const effects = cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(1, 1, leaf1.commitment) });
    expect(effectsOf(effects, 'Rejected')).toEqual([]);
    expect(cluster.states[2].highQc.view).toBe(1);
  });

  it('ignores votes it should not count: not its view to lead, stale, far ahead, unknown or early', () => {
    const { cluster, leaf1 } = leaderWithProposal();
    const reasonOf = (node: number, message: ReturnType<ScriptedCluster['vote']>) =>
      cluster
        .feed(node, { kind: 'VoteReceived', message })
        .map((effect) => ('reason' in effect ? effect.reason : effect.kind));
    expect(reasonOf(2, cluster.vote(0, 2, leaf1.commitment))).toEqual(['not-for-me']);
    expect(reasonOf(2, cluster.vote(0, 1 + 4 * 100, leaf1.commitment))).toEqual(['too-far-ahead']);
    expect(reasonOf(2, { ...cluster.vote(0, 1, leaf1.commitment), sender: 4 })).toEqual(['unknown-sender']);
    expect(reasonOf(1, cluster.vote(0, 4, leaf1.commitment))).toEqual(['not-started']);
    for (const view of [2, 3]) {
      for (const sender of [0, 1, 3]) {
        cluster.feed(2, { kind: 'TimeoutReceived', message: cluster.timeout(sender, view, cluster.genesisQc) });
      }
    }
    expect(reasonOf(2, cluster.vote(0, 1, leaf1.commitment))).toEqual(['stale-view']);
  });
});
