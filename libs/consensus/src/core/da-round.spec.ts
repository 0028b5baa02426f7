import { buildBlockPayload } from '@hotshot/protocol';
import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import type { DaProposalMessage } from '../types/messages';
import { daProposalDigest, daDigest } from './memo';

/** Four nodes, DA committee {0, 1}: a DA certificate needs both. */
function daCluster() {
  return new ScriptedCluster(4, { daCommitteeSize: 2 });
}

function daProposal(cluster: ScriptedCluster, view: number, sender: number, tag = 1): DaProposalMessage {
  const payload = buildBlockPayload([{ namespace: 2, payload: Uint8Array.of(tag) }], cluster.contexts[0].bounds);
  const commitment = cluster.child(cluster.genesis, view, { txs: [{ namespace: 2, payload: Uint8Array.of(tag) }] }).leaf
    .header.payloadCommitment;
  return {
    kind: 'DaProposal',
    view,
    payload,
    sender,
    signature: cluster.sign(sender, daProposalDigest(cluster.config.chainId, view, commitment)),
  };
}

describe('the DA round (DESIGN.md 4 step 1)', () => {
  it('sends the payload to the committee, gathers its DA certificate, then proposes with it instead of the payload', () => {
    const cluster = daCluster();
    cluster.start(1);
    cluster.start(0);
    const txs = [{ namespace: 2, payload: Uint8Array.of(5) }];
    const payload = buildBlockPayload(txs, cluster.contexts[1].bounds);
    const built = cluster.feed(1, {
      kind: 'BlockBuilt',
      view: 1,
      parentLeafCommitment: cluster.genesis.commitment,
      payload,
      timestamp: T0,
      l1Head: 0,
      nowMs: T0,
    });
    // The leader is a member: its own DA vote is counted, and persisted at the end of the step.
    expect(built.map((effect) => effect.kind)).toEqual(['Persist', 'Broadcast', 'Persist']);
    const [toCommittee] = effectsOf(built, 'Broadcast');
    expect(toCommittee.audience).toBe('da-committee');
    expect(toCommittee.message.kind).toBe('DaProposal');

    const member = cluster.feed(0, { kind: 'DaProposalReceived', message: toCommittee.message as DaProposalMessage });
    expect(member.map((effect) => effect.kind)).toEqual(['Persist', 'SendTo']);
    expect(effectsOf(member, 'Persist')[0].state.lastDaVotedView).toBe(1);
    const [daVote] = effectsOf(member, 'SendTo');
    expect(daVote.to).toBe(1);

    const certified = cluster.feed(1, { kind: 'DaVoteReceived', message: daVote.message as never });
    const [proposal] = effectsOf(certified, 'Broadcast');
    expect(proposal.audience).toBe('all');
    expect(proposal.message).toMatchObject({ kind: 'Proposal', daCertificate: { view: 1 } });
    expect(proposal.message).not.toHaveProperty('payload');

    // The committee member attaches the payload it checked; a non-member votes on the certificate alone.
    cluster.feed(0, { kind: 'ProposalReceived', message: proposal.message as never, nowMs: T0 });
    const memberLeaf = [...cluster.states[0].leaves.values()].find((record) => record.leaf.view === 1);
    expect(memberLeaf?.payload).toEqual(payload);
    cluster.start(3);
    const replica = cluster.feed(3, { kind: 'ProposalReceived', message: proposal.message as never, nowMs: T0 });
    expect(effectsOf(replica, 'SendTo')).toEqual([
      expect.objectContaining({ to: 2, message: expect.objectContaining({ kind: 'QuorumVote' }) }),
    ]);
    expect([...cluster.states[3].leaves.values()].find((r) => r.leaf.view === 1)?.payload).toBeUndefined();
  });

  it('refuses proposals without a valid DA certificate for their payload', () => {
    const cluster = daCluster();
    cluster.start(3);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const commitment = leaf1.leaf.header.payloadCommitment;
    const reasons = (extra: Parameters<ScriptedCluster['proposal']>[1]) => {
      const fresh = daCluster();
      fresh.start(3);
      return effectsOf(
        fresh.feed(3, { kind: 'ProposalReceived', message: fresh.proposal(leaf1, extra), nowMs: T0 }),
        'Rejected',
      ).map((effect) => [effect.reason, effect.detail]);
    };
    expect(reasons({})).toEqual([['invalid-proposal', 'missing-da-certificate']]);
    expect(reasons({ daCertificate: cluster.daCertificate(1, `0x${'01'.repeat(32)}`, [0, 1]) })).toEqual([
      ['invalid-proposal', 'da-certificate-mismatch'],
    ]);
    // Signed by a quorum of all stake, but by non-members: not a DA certificate.
    expect(reasons({ daCertificate: cluster.daCertificate(1, commitment, [0, 2, 3]) })).toEqual([
      ['invalid-certificate', 'da-certificate'],
    ]);
    expect(reasons({ daCertificate: cluster.daCertificate(1, commitment, [0]) })).toEqual([
      ['invalid-certificate', 'da-certificate'],
    ]);
    expect(reasons({ daCertificate: cluster.daCertificate(1, commitment, [0, 1]), withoutPayload: true })).toEqual([]);
  });

  it('checks DA proposals and votes: membership, leader, signature, payload, one per view', () => {
    const cluster = daCluster();
    for (const node of [0, 1, 3]) cluster.start(node);
    const kinds = (node: number, input: Parameters<ScriptedCluster['feed']>[1]) =>
      cluster.feed(node, input).map((effect) => ('reason' in effect ? effect.reason : effect.kind));
    expect(kinds(3, { kind: 'DaProposalReceived', message: daProposal(cluster, 1, 1) })).toEqual(['not-for-me']);
    expect(kinds(0, { kind: 'DaProposalReceived', message: daProposal(cluster, 1, 2) })).toEqual(['wrong-leader']);
    expect(kinds(0, { kind: 'DaProposalReceived', message: { ...daProposal(cluster, 1, 1), sender: 3 } })).toEqual([
      'invalid-signature',
    ]);
    const corrupt = daProposal(cluster, 1, 1);
    const bad = { ...corrupt, payload: { ...corrupt.payload, namespacePayloads: [Uint8Array.of(9)] } };
    expect(kinds(0, { kind: 'DaProposalReceived', message: bad })).toEqual(['invalid-payload']);
    expect(kinds(0, { kind: 'DaProposalReceived', message: daProposal(cluster, 1, 1) })).toEqual(['Persist', 'SendTo']);
    expect(kinds(0, { kind: 'DaProposalReceived', message: daProposal(cluster, 1, 1) })).toEqual(['duplicate']);
    expect(kinds(0, { kind: 'DaProposalReceived', message: daProposal(cluster, 1, 1, 2) })).toEqual(['equivocation']);

    const digest = daDigest(cluster.config.chainId, 1, `0x${'02'.repeat(32)}`);
    const vote = (sender: number) => ({
      kind: 'DaVote' as const,
      view: 1,
      payloadCommitment: `0x${'02'.repeat(32)}` as const,
      sender,
      signature: cluster.sign(sender, digest),
    });
    expect(kinds(1, { kind: 'DaVoteReceived', message: vote(3) })).toEqual(['not-da-member']);
    expect(kinds(1, { kind: 'DaVoteReceived', message: { ...vote(3), signature: new Uint8Array(96) } })).toEqual([
      'invalid-signature',
    ]);
    // Leader 1 built nothing for view 1 yet: there is no DA round to count it in.
    expect(kinds(1, { kind: 'DaVoteReceived', message: vote(0) })).toEqual(['not-for-me']);
    expect(kinds(0, { kind: 'DaVoteReceived', message: vote(1) })).toEqual(['not-for-me']);
  });

  it('runs no separate DA round when the committee is the whole stake table', () => {
    for (const daCommitteeSize of [0, 4, 9]) {
      const cluster = new ScriptedCluster(4, { daCommitteeSize });
      expect(cluster.contexts[0]).toMatchObject({ separateDa: false, daCommitteeSize: 4 });
      cluster.start(0);
      expect(cluster.feed(0, { kind: 'DaProposalReceived', message: daProposal(cluster, 1, 1) })).toEqual([
        expect.objectContaining({ reason: 'not-for-me' }),
      ]);
    }
  });
});
