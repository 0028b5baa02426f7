import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  type ConsensusMessage,
  type ProposalMessage,
} from '@hotshot/consensus';
import { ScriptedCluster } from '@hotshot/consensus/testing';
import { leafCommitment, quorumVoteDigest } from '@hotshot/protocol';
import { decodeNodeMessage, encodeNodeMessage } from '../../../apps/sequencer/src/network/node-message-codec';
import { HostileBehavior, type HostileMode } from './hostile-behavior';

/** Member 2 is hostile: in a cluster of four it leads view 2, right after leader 1's view 1. */
const HOSTILE = 2;

function encode(message: ConsensusMessage): Uint8Array {
  return encodeNodeMessage({ kind: 'consensus', bytes: encodeConsensusMessage(message) });
}

function setup(mode: HostileMode, clock = { now: 0 }) {
  const cluster = new ScriptedCluster(4);
  const sent: { to: number | 'all'; message: ConsensusMessage; bytes: Uint8Array }[] = [];
  const record = (to: number | 'all', bytes: Uint8Array) => {
    const node = decodeNodeMessage(bytes, cluster.contexts[0]!.bounds);
    if (node.kind !== 'consensus') throw new Error(`unexpected ${node.kind}`);
    sent.push({ to, message: decodeConsensusMessage(node.bytes, cluster.contexts[0]!.bounds), bytes });
  };
  let random = 0;
  const hostile = new HostileBehavior(
    mode,
    cluster.contexts[HOSTILE]!,
    { broadcast: (bytes) => record('all', bytes), sendDirect: (to, bytes) => record(to, bytes) },
    () => clock.now,
    () => (random = (random * 9301 + 49297) % 233280) / 233280,
  );
  const block1 = cluster.child(cluster.genesis, 1);
  const proposal1 = cluster.proposal(block1);
  return { cluster, hostile, sent, block1, proposal1 };
}

describe('HostileBehavior', () => {
  it('equivocates as leader: two validly signed children of the certified leaf, one honest node sees both and rejects', () => {
    const { cluster, hostile, sent, block1, proposal1 } = setup('equivocate');
    hostile.onDelivery(1, encode(proposal1));
    for (const voter of [0, 1, 3]) hostile.onDelivery(voter, encode(cluster.vote(voter, 1, block1.commitment)));

    const twins = sent.filter((s) => s.message.kind === 'Proposal') as { to: number; message: ProposalMessage }[];
    const commitments = new Set(twins.map((t) => leafCommitment(t.message.leaf)));
    expect(commitments.size).toBe(2);
    expect(
      twins.every((t) => t.message.leaf.view === 2 && t.message.leaf.parentLeafCommitment === block1.commitment),
    ).toBe(true);
    const recipients = twins.map((t) => t.to);
    expect(new Set(recipients)).toEqual(new Set([0, 1, 3]));
    const both = recipients.find((to) => recipients.filter((r) => r === to).length === 2)!;
    expect(both).toBeDefined();

    // The honest node that gets both votes for the first and refuses the second as equivocation.
    const [first, second] = twins.filter((t) => t.to === both).map((t) => t.message);
    cluster.start(both);
    cluster.feed(both, { kind: 'ProposalReceived', message: proposal1, nowMs: Date.now() });
    cluster.feed(both, { kind: 'ProposalReceived', message: first!, nowMs: Date.now() });
    expect(cluster.lastVerdict).toEqual({ kind: 'accept' });
    cluster.feed(both, { kind: 'ProposalReceived', message: second!, nowMs: Date.now() });
    expect(cluster.lastVerdict).toMatchObject({ kind: 'reject', reason: 'equivocation' });
    expect(hostile.stats['equivocating-proposals']).toBe(1);
  });

  it('double-votes as replica: two validly signed votes for different leaves of one view to the next leader', () => {
    const { cluster, hostile, sent, block1, proposal1 } = setup('equivocate');
    hostile.onDelivery(1, encode(proposal1));
    const votes = sent.filter((s) => s.message.kind === 'QuorumVote');
    expect(votes.map((v) => v.to)).toEqual([2, 2]);
    const crypto = cluster.ring.cryptoFor(0);
    const chainId = cluster.config.chainId;
    for (const { message } of votes) {
      if (message.kind !== 'QuorumVote') throw new Error('not a vote');
      expect(message.view).toBe(1);
      expect(crypto.verify(HOSTILE, quorumVoteDigest(chainId, 1, message.leafCommitment), message.signature)).toBe(
        true,
      );
    }
    const leaves = votes.map((v) => (v.message.kind === 'QuorumVote' ? v.message.leafCommitment : undefined));
    expect(leaves).toContain(block1.commitment);
    expect(new Set(leaves).size).toBe(2);
  });

  it('sends well-formed votes and proposals whose signatures do not verify in bad-signatures mode', () => {
    const { cluster, hostile, sent, block1, proposal1 } = setup('bad-signatures');
    hostile.onDelivery(1, encode(proposal1));
    const crypto = cluster.ring.cryptoFor(0);
    const chainId = cluster.config.chainId;
    const votes = sent.flatMap((s) => (s.message.kind === 'QuorumVote' ? [s.message] : []));
    expect(votes).toHaveLength(2);
    for (const vote of votes) {
      expect(vote.leafCommitment).toBe(block1.commitment);
      expect(crypto.verify(HOSTILE, quorumVoteDigest(chainId, 1, vote.leafCommitment), vote.signature)).toBe(false);
    }
    const forged = sent.find((s) => s.message.kind === 'Proposal')!.message as ProposalMessage;
    cluster.start(0);
    cluster.feed(0, { kind: 'ProposalReceived', message: forged, nowMs: Date.now() });
    expect(cluster.lastVerdict).toMatchObject({ kind: 'reject', reason: 'invalid-signature' });
  });

  it('replays what others sent, and its own old votes, only once they are seconds old', () => {
    const clock = { now: 1_000_000 };
    const { hostile, sent, proposal1 } = setup('replay', clock);
    const original = encode(proposal1);
    hostile.onDelivery(1, original);
    const ownVote = sent.find((s) => s.message.kind === 'QuorumVote')!;
    sent.length = 0;
    clock.now += 1000;
    hostile.tick();
    expect(sent).toEqual([]);
    clock.now += 1500;
    hostile.tick();
    expect(sent.find((s) => s.to === 'all')?.bytes).toEqual(original);
    expect(sent.find((s) => s.to === ownVote.to)?.bytes).toEqual(ownVote.bytes);
    expect(hostile.stats['replayed-others']).toBe(1);
  });
});
