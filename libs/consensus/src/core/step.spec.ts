import { buildBlockPayload } from '@hotshot/protocol';
import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import type { ConsensusEffect } from '../types/effects';

/** Every send is preceded by a Persist whose lastActionedView covers the vote, timeout or proposal it carries. */
function expectPersistBeforeSend(effects: readonly ConsensusEffect[]): void {
  let lastActioned = -1;
  for (const effect of effects) {
    if (effect.kind === 'Persist') lastActioned = effect.state.lastActionedView;
    if (effect.kind !== 'Broadcast' && effect.kind !== 'SendTo') continue;
    const message = effect.message;
    const view =
      message.kind === 'Proposal'
        ? message.leaf.view
        : message.kind === 'QuorumVote' || message.kind === 'TimeoutVote'
          ? message.view
          : -1;
    expect(lastActioned).toBeGreaterThanOrEqual(view);
  }
}

describe('step: the happy path of DESIGN.md 4', () => {
  it('starts every node in view 1 with a timer, and asks leader(1) for a block on genesis', () => {
    const cluster = new ScriptedCluster();
    const follower = cluster.start(0);
    expect(follower).toEqual([{ kind: 'ScheduleTimeout', view: 1, durationMs: 1_000 }]);
    const leader = cluster.start(1);
    expect(effectsOf(leader, 'BuildBlock')).toEqual([
      { kind: 'BuildBlock', view: 1, parent: cluster.genesis.leaf, parentLeafCommitment: cluster.genesis.commitment },
    ]);
  });

  it('turns BlockBuilt into a signed proposal on the parent, persisting the view before it leaves, then votes', () => {
    const cluster = new ScriptedCluster();
    cluster.start(1);
    const payload = buildBlockPayload([{ namespace: 7, payload: Uint8Array.of(1, 2, 3) }], cluster.contexts[1].bounds);
    const effects = cluster.feed(1, {
      kind: 'BlockBuilt',
      view: 1,
      parentLeafCommitment: cluster.genesis.commitment,
      payload,
      timestamp: T0,
      l1Head: 12,
      nowMs: T0,
    });
    expect(effects.map((effect) => effect.kind)).toEqual(['Persist', 'Broadcast', 'Persist', 'SendTo']);
    expectPersistBeforeSend(effects);
    const [proposal] = effectsOf(effects, 'Broadcast');
    expect(proposal.message.kind).toBe('Proposal');
    if (proposal.message.kind !== 'Proposal') return;
    expect(proposal.message.leaf.header).toMatchObject({
      height: 1,
      timestamp: T0,
      l1Head: 12,
      payloadSize: 4 + 4 + 3,
    });
    expect(proposal.message.payload).toBe(payload);
    expect(effectsOf(effects, 'Persist')[0].actions).toEqual([expect.objectContaining({ view: 1, kind: 'proposal' })]);
    // Its own vote goes to leader(2).
    expect(effectsOf(effects, 'SendTo')[0]).toMatchObject({ to: 2, message: { kind: 'QuorumVote', view: 1 } });
  });

  it('votes for a valid proposal to leader(v + 1), after persisting lastActionedView', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    expect(effects.map((effect) => effect.kind)).toEqual(['Persist', 'SendTo']);
    expectPersistBeforeSend(effects);
    expect(effectsOf(effects, 'Persist')[0].state.undecided.map((stored) => stored.leaf)).toEqual([leaf1.leaf]);
    expect(effectsOf(effects, 'SendTo')[0]).toEqual({
      kind: 'SendTo',
      to: 2,
      message: cluster.vote(0, 1, leaf1.commitment),
    });
  });

  it('as leader(v + 1), forms a QC from a quorum of votes, moves on, and proposes on it', () => {
    const cluster = new ScriptedCluster();
    cluster.start(2);
    const leaf1 = cluster.child(cluster.genesis, 1);
    cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    expect(cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) })).toEqual([]);
    const effects = cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(1, 1, leaf1.commitment) });
    // Its own vote plus two others: 3 of 4 is a quorum.
    expect(effects).toEqual([
      { kind: 'ScheduleTimeout', view: 2, durationMs: 1_000 },
      { kind: 'BuildBlock', view: 2, parent: leaf1.leaf, parentLeafCommitment: leaf1.commitment },
      expect.objectContaining({ kind: 'Persist' }),
    ]);
    expect(cluster.states[2].highQc).toMatchObject({ view: 1, leafCommitment: leaf1.commitment });
    expect(cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(3, 1, leaf1.commitment) })).toEqual([
      { kind: 'Ignored', subject: 'QuorumVote', sender: 3, view: 1, reason: 'already-certified' },
    ]);
  });

  it('decides a leaf once a QC certifies its child from the next view (two-chain), with the proof', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const leaf2 = cluster.child(leaf1, 2);
    const leaf3 = cluster.child(leaf2, 3);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    const second = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 });
    expect(effectsOf(second, 'Decide')).toEqual([]);
    const third = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf3), nowMs: T0 });
    expect(effectsOf(third, 'Decide')).toEqual([
      {
        kind: 'Decide',
        leaves: [{ leaf: leaf1.leaf, commitment: leaf1.commitment, payload: leaf1.payload }],
        qc: leaf3.leaf.justifyQc,
        child: leaf2.leaf,
      },
    ]);
    expect(cluster.states[0].lastDecided.commitment).toBe(leaf1.commitment);
    // The tree keeps only the decided leaf and what is above it.
    expect([...cluster.states[0].leaves.keys()].sort()).toEqual(
      [leaf1.commitment, leaf2.commitment, leaf3.commitment].sort(),
    );
  });

  it('decides every undecided ancestor in height order when a two-chain finally forms', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    // View 2 failed: leaf3 extends leaf1 through a timeout certificate for view 2.
    const tc2 = cluster.tc(2, [1, 2, 3], [1, 1, 1]);
    const leaf3 = cluster.child(leaf1, 3);
    const leaf4 = cluster.child(leaf3, 4);
    const leaf5 = cluster.child(leaf4, 5);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    cluster.feed(0, {
      kind: 'ProposalReceived',
      message: cluster.proposal(leaf3, { timeoutCertificate: tc2 }),
      nowMs: T0,
    });
    // leaf1 (view 1) and leaf3 (view 3) are not consecutive: no decide from leaf4's QC for leaf3.
    expect(
      effectsOf(cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf4), nowMs: T0 }), 'Decide'),
    ).toEqual([]);
    const decided = effectsOf(
      cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf5), nowMs: T0 }),
      'Decide',
    );
    expect(decided.map((d) => d.leaves.map((l) => l.leaf.header.height))).toEqual([[1, 2]]);
    expect(decided[0].leaves.map((l) => l.commitment)).toEqual([leaf1.commitment, leaf3.commitment]);
  });

  it('never changes the state it is given, and gives the same output for the same input', () => {
    const cluster = new ScriptedCluster();
    cluster.start(2);
    const leaf1 = cluster.child(cluster.genesis, 1);
    cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) });
    const before = cluster.states[2];
    const snapshot = structuredClone(before);
    const input = { kind: 'VoteReceived' as const, message: cluster.vote(1, 1, leaf1.commitment) };
    const first = cluster.feed(2, input);
    expect(before).toEqual(snapshot);
    cluster.states[2] = before;
    expect(cluster.feed(2, input)).toEqual(first);
  });

  it('follows a valid fork away from a certified, undecided leaf, and prunes the losing branch when it decides', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const leaf2 = cluster.child(leaf1, 2);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 });
    // Nobody else saw QC(leaf1) when view 2 and 3 failed: the TC's highest highQc view is 0.
    const tc3 = cluster.tc(3, [1, 2, 3], [0, 0, 0]);
    const fork4 = cluster.child(cluster.genesis, 4, { justifyQc: cluster.genesisQc });
    const effects = cluster.feed(0, {
      kind: 'ProposalReceived',
      message: cluster.proposal(fork4, { timeoutCertificate: tc3 }),
      nowMs: T0,
    });
    expect(effectsOf(effects, 'SendTo')).toEqual([
      { kind: 'SendTo', to: 1, message: cluster.vote(0, 4, fork4.commitment) },
    ]);
    const fork5 = cluster.child(fork4, 5);
    const fork6 = cluster.child(fork5, 6);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(fork5), nowMs: T0 });
    const decided = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(fork6), nowMs: T0 });
    expect(effectsOf(decided, 'Decide').flatMap((d) => d.leaves.map((l) => l.commitment))).toEqual([fork4.commitment]);
    expect(cluster.states[0].leaves.has(leaf1.commitment)).toBe(false);
    expect(cluster.states[0].leaves.has(leaf2.commitment)).toBe(false);
  });
});
