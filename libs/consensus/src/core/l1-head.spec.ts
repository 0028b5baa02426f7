import { buildBlockPayload } from '@hotshot/protocol';
import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';

/** Node 0 takes leaf1 (l1Head `first`), then is offered its child leaf2 with l1Head `second`; returns the effects. */
function offerChild(first: number, second: number) {
  const cluster = new ScriptedCluster();
  cluster.start(0);
  const leaf1 = cluster.child(cluster.genesis, 1, { header: { l1Head: first } });
  cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
  const leaf2 = cluster.child(leaf1, 2, { header: { l1Head: second } });
  const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 });
  return { cluster, leaf2, effects };
}

/** Leader(2) (node 2) holding a QC for leaf1 (l1Head `parentL1Head`) builds with the shell's `builtL1Head`. */
function leaderProposes(parentL1Head: number, builtL1Head: number) {
  const cluster = new ScriptedCluster();
  cluster.start(2);
  const leaf1 = cluster.child(cluster.genesis, 1, { header: { l1Head: parentL1Head } });
  cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
  cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) });
  cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(1, 1, leaf1.commitment) });
  const effects = cluster.feed(2, {
    kind: 'BlockBuilt',
    view: 2,
    parentLeafCommitment: leaf1.commitment,
    payload: buildBlockPayload([{ namespace: 1, payload: Uint8Array.of(2) }], cluster.contexts[2].bounds),
    timestamp: T0 + 2,
    l1Head: builtL1Head,
    nowMs: T0 + 2,
  });
  const [broadcast] = effectsOf(effects, 'Broadcast');
  if (broadcast?.message.kind !== 'Proposal') throw new Error('leader(2) did not propose');
  return broadcast.message.leaf.header.l1Head;
}

describe('l1Head along the chain (issue 18: the finalized L1 block a header names never goes back)', () => {
  it('rejects a proposal whose l1Head is below its parent, with its own reason, and does not vote', () => {
    const { cluster, leaf2, effects } = offerChild(40, 39);
    expect(effectsOf(effects, 'Rejected')).toEqual([
      { kind: 'Rejected', subject: 'Proposal', sender: 2, view: 2, reason: 'l1-head-backwards' },
    ]);
    expect(cluster.lastVerdict).toEqual({ kind: 'reject', reason: 'l1-head-backwards' });
    expect(effectsOf(effects, 'SendTo')).toEqual([]);
    expect(cluster.states[0].lastActionedView).toBe(1);
    expect(cluster.states[0].leaves.has(leaf2.commitment)).toBe(false);
  });

  it.each([
    ['the same l1Head as its parent', 40],
    ['a higher l1Head than its parent', 41],
  ])('votes for a proposal with %s', (_name, second) => {
    const { cluster, effects } = offerChild(40, second);
    expect(effectsOf(effects, 'Rejected')).toEqual([]);
    expect(effectsOf(effects, 'SendTo')).toEqual([
      expect.objectContaining({ message: expect.objectContaining({ view: 2 }) }),
    ]);
    expect(cluster.states[0].lastActionedView).toBe(2);
  });

  it.each([
    ['raises a shell l1Head below the parent to the parent', 50, 7, 50],
    ['raises 0 (a node with no L1 view) to the parent', 50, 0, 50],
    ['keeps a shell l1Head above the parent', 50, 64, 64],
  ])('as leader, %s', (_name, parent, built, expected) => {
    expect(leaderProposes(parent, built)).toBe(expected);
  });
});
