import { buildBlockPayload } from '@hotshot/protocol';
import { messageInput } from './message-input';
import { SCENARIOS } from '../testing/scenarios';
import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import { runSimulation } from '../testing/simulator';
import type { ConsensusEffect, SignRequest } from '../types/effects';
import type { ConsensusMessage } from '../types/messages';
import { daProposalDigest, proposalSigningDigest, quorumDigest, timeoutDigest } from './memo';

/** What a deferred-signing shell does with an effect's request: sign it with the node's key. */
function signed(cluster: ScriptedCluster, node: number, message: ConsensusMessage, signing: SignRequest) {
  return { ...message, signature: cluster.sign(node, signing.digest) };
}

/** The kinds of effects in order, with `+sign` where the effect asks the shell to sign. */
function shape(effects: readonly ConsensusEffect[]): string[] {
  return effects.map((effect) => effect.kind + ('signing' in effect && effect.signing ? '+sign' : ''));
}

describe('deferred signing (ConsensusOptions.signing)', () => {
  it('builds the leader proposal and its vote unsigned, with the request on the send, after the Persist', () => {
    const cluster = new ScriptedCluster(4, {}, { signing: 'deferred' });
    cluster.start(1);
    const payload = buildBlockPayload([{ namespace: 7, payload: Uint8Array.of(1) }], cluster.contexts[1].bounds);
    const effects = cluster.feed(1, {
      kind: 'BlockBuilt',
      view: 1,
      parentLeafCommitment: cluster.genesis.commitment,
      payload,
      timestamp: T0,
      l1Head: 0,
      nowMs: T0,
    });
    // Persist still precedes each send that follows a safety change (DESIGN.md 4 step 7).
    expect(shape(effects)).toEqual(['Persist', 'Broadcast+sign', 'Persist', 'SendTo+sign']);
    const [proposal] = effectsOf(effects, 'Broadcast');
    if (proposal.message.kind !== 'Proposal') throw new Error('expected a proposal');
    const commitment = cluster.states[1].proposals.get(1)!;
    expect(proposal.message.signature).toHaveLength(0);
    expect(proposal.signing).toEqual({
      kind: 'proposal',
      view: 1,
      commitment,
      digest: proposalSigningDigest(cluster.config.chainId, 1, commitment),
    });
    const [vote] = effectsOf(effects, 'SendTo');
    expect(vote.signing).toEqual({
      kind: 'quorum-vote',
      view: 1,
      commitment,
      digest: quorumDigest(cluster.config.chainId, 1, commitment),
    });
    // What the shell sends once signed is what an in-step node sends.
    expect(signed(cluster, 1, vote.message, vote.signing!)).toEqual(cluster.vote(1, 1, commitment));
  });

  it('leaves in-step effects as they were: signed messages and no requests', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    expect(shape(effects)).toEqual(['Persist', 'SendTo']);
    expect(effectsOf(effects, 'SendTo')[0].message.signature).toHaveLength(96);
  });

  it("turns a vote to itself into SignForSelf; fed back signed, it reaches the node's own collector", () => {
    const cluster = new ScriptedCluster(4, {}, { signing: 'deferred' });
    // Node 2 leads view 2, so it collects the votes for view 1, its own included.
    cluster.start(2);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const effects = cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    expect(shape(effects)).toEqual(['Persist', 'SignForSelf+sign']);
    expect(cluster.states[2].votes.size).toBe(0);
    const [own] = effectsOf(effects, 'SignForSelf');
    const back = signed(cluster, 2, own.message, own.signing);
    expect(cluster.feed(2, messageInput(back, T0))).toEqual([]);
    expect([...(cluster.states[2].votes.get(1)?.votes.keys() ?? [])]).toEqual([2]);
    // Two more make a quorum with it: the QC forms and node 2 moves to view 2.
    cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(0, 1, leaf1.commitment) });
    cluster.feed(2, { kind: 'VoteReceived', message: cluster.vote(1, 1, leaf1.commitment) });
    expect(cluster.states[2].highQc).toMatchObject({ view: 1, leafCommitment: leaf1.commitment });
  });

  it('asks to sign a timeout for the broadcast and for itself, the same request again when it re-sends', () => {
    const cluster = new ScriptedCluster(4, {}, { signing: 'deferred' });
    cluster.start(0);
    const first = cluster.feed(0, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    expect(shape(first)).toEqual(['Persist', 'Broadcast+sign', 'SignForSelf+sign', 'ScheduleTimeout']);
    const request = effectsOf(first, 'SignForSelf')[0].signing;
    expect(request).toEqual({
      kind: 'timeout-vote',
      view: 1,
      highQcView: 0,
      digest: timeoutDigest(cluster.config.chainId, 1, 0),
    });
    const again = cluster.feed(0, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    expect(effectsOf(again, 'Broadcast')[0].signing).toEqual(request);
  });

  it('asks to sign the DA proposal a leader sends its committee', () => {
    const cluster = new ScriptedCluster(7, { daCommitteeSize: 4 }, { signing: 'deferred' });
    cluster.start(1);
    const payload = buildBlockPayload([{ namespace: 1, payload: Uint8Array.of(9) }], cluster.contexts[1].bounds);
    const effects = cluster.feed(1, {
      kind: 'BlockBuilt',
      view: 1,
      parentLeafCommitment: cluster.genesis.commitment,
      payload,
      timestamp: T0,
      l1Head: 0,
      nowMs: T0,
    });
    const [daProposal] = effectsOf(effects, 'Broadcast');
    expect(daProposal).toMatchObject({ audience: 'da-committee', message: { kind: 'DaProposal', view: 1 } });
    const commitment = daProposal.signing!.kind === 'da-proposal' ? daProposal.signing!.commitment : undefined;
    expect(daProposal.signing).toEqual({
      kind: 'da-proposal',
      view: 1,
      commitment,
      digest: daProposalDigest(cluster.config.chainId, 1, commitment!),
    });
    // Node 1 is in the committee and leads view 1: its DA vote goes to itself.
    expect(effectsOf(effects, 'SignForSelf')[0]).toMatchObject({ message: { kind: 'DaVote' }, signing: { view: 1 } });
  });

  it.each(['n4-f0-happy', 'n4-f1-crash', 'n4-all-restart'])(
    '%s decides with every node signing deferred, as the shell does with a remote signer',
    (name) => {
      const scenario = SCENARIOS[name]();
      const result = runSimulation({ ...scenario, options: { ...scenario.options, signing: 'deferred' } });
      expect(result.violations).toEqual([]);
      expect(result.stats.minHeight).toBeGreaterThanOrEqual(6);
    },
  );
});
