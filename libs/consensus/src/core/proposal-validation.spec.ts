import { commitLeaf } from './memo';
import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import type { ProposalMessage } from '../types/messages';
import type { LeafRecord } from '../types/state';

/** A proposal with one thing wrong, the proposals that must come before it, and the expected verdict. */
type Case = [
  name: string,
  build: (cluster: ScriptedCluster) => ProposalMessage | ProposalMessage[],
  reason: string,
  detail?: string,
];

/** Replaces the leaf of a proposal and re-signs it as its sender, so only the named field is wrong. */
function resigned(
  cluster: ScriptedCluster,
  record: LeafRecord & { payload?: ProposalMessage['payload'] },
  change: object,
): ProposalMessage {
  const leaf = { ...record.leaf, ...change };
  return cluster.proposal({ leaf, payload: record.payload });
}

const invalid: Case[] = [
  ['an unknown sender', (c) => ({ ...c.proposal(c.child(c.genesis, 1)), sender: 9 }), 'unknown-sender'],
  [
    'a bad signature',
    (c) => ({ ...c.proposal(c.child(c.genesis, 1)), signature: c.sign(1, `0x${'00'.repeat(32)}`) }),
    'invalid-signature',
  ],
  ['a non-leader', (c) => c.proposal(c.child(c.genesis, 1), { sender: 2 }), 'wrong-leader'],
  [
    'a justifyQc for another leaf',
    (c) => {
      const leaf1 = c.child(c.genesis, 1);
      return resigned(c, c.child(leaf1, 2), { justifyQc: { ...c.qc(leaf1), leafCommitment: c.genesis.commitment } });
    },
    'invalid-proposal',
    'justify-qc',
  ],
  [
    'a justifyQc that does not verify',
    (c) => {
      const leaf1 = c.child(c.genesis, 1);
      const forged = { ...c.qc(leaf1), certificate: c.qc(leaf1, [0, 1]).certificate };
      return c.proposal(c.child(leaf1, 2, { justifyQc: forged }));
    },
    'invalid-certificate',
    'justify-qc',
  ],
  [
    'a QC for v - 2 and no timeout certificate',
    (c) => c.proposal(c.child(c.child(c.genesis, 1), 3)),
    'unjustified-proposal',
  ],
  [
    'a timeout certificate for the wrong view',
    (c) => c.proposal(c.child(c.child(c.genesis, 1), 3), { timeoutCertificate: c.tc(1, [0, 1, 2], [0, 0, 0]) }),
    'invalid-proposal',
    'timeout-certificate-view',
  ],
  [
    'a timeout certificate that does not verify',
    (c) => {
      const tc = c.tc(2, [0, 1, 2], [1, 1, 1]);
      return c.proposal(c.child(c.child(c.genesis, 1), 3), { timeoutCertificate: { ...tc, highQcViews: [1, 1, 0] } });
    },
    'invalid-certificate',
    'timeout-certificate',
  ],
  [
    'a justifyQc below the highest QC in the timeout certificate (the lock)',
    (c) => c.proposal(c.child(c.child(c.genesis, 1), 4), { timeoutCertificate: c.tc(3, [0, 1, 2], [1, 1, 2]) }),
    'unjustified-proposal',
  ],
  ['a wrong height', (c) => c.proposal(c.child(c.genesis, 1, { header: { height: 2 } })), 'invalid-proposal', 'height'],
  [
    'a wrong parent header commitment',
    (c) => c.proposal(c.child(c.genesis, 1, { header: { parentCommitment: `0x${'ab'.repeat(32)}` } })),
    'invalid-proposal',
    'parent-header',
  ],
  [
    'another chain id',
    (c) => c.proposal(c.child(c.genesis, 1, { header: { chainId: 1n } })),
    'invalid-proposal',
    'chain-id',
  ],
  [
    'a timestamp before its parent',
    (c) => {
      const leaf1 = c.child(c.genesis, 1, { timestamp: T0 + 50 });
      return [c.proposal(leaf1), c.proposal(c.child(leaf1, 2, { timestamp: T0 + 10 }))];
    },
    'invalid-proposal',
    'timestamp-before-parent',
  ],
  [
    'a payload that does not match the header commitment',
    (c) => c.proposal(c.child(c.genesis, 1, { header: { payloadCommitment: `0x${'cd'.repeat(32)}` } })),
    'invalid-proposal',
    'payload-commitment',
  ],
  [
    'a payload size that does not match the header',
    (c) => c.proposal(c.child(c.genesis, 1, { header: { payloadSize: 3 } })),
    'invalid-proposal',
    'payload-size',
  ],
  [
    'a payload whose namespace data does not hash to its table',
    (c) => {
      const record = c.child(c.genesis, 1);
      const payload = { ...record.payload, namespacePayloads: [Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 99)] };
      return c.proposal({ leaf: record.leaf, payload });
    },
    'invalid-payload',
  ],
  [
    'no payload without a DA round',
    (c) => c.proposal(c.child(c.genesis, 1), { withoutPayload: true }),
    'invalid-proposal',
    'missing-payload',
  ],
];

describe('proposal validation (DESIGN.md 4 step 3)', () => {
  it.each(invalid.map(([name, build, reason, detail]) => ({ name, build, reason, detail })))(
    'rejects a proposal with $name and does not vote',
    ({ build, reason, detail }) => {
      const cluster = new ScriptedCluster();
      cluster.start(0);
      const messages = [build(cluster)].flat();
      const message = messages.pop()!;
      for (const before of messages) cluster.feed(0, { kind: 'ProposalReceived', message: before, nowMs: T0 });
      const acted = cluster.states[0].lastActionedView;
      const effects = cluster.feed(0, { kind: 'ProposalReceived', message, nowMs: T0 });
      expect(effectsOf(effects, 'Rejected')).toEqual([
        expect.objectContaining({ subject: 'Proposal', sender: message.sender, reason, ...(detail ? { detail } : {}) }),
      ]);
      expect(effectsOf(effects, 'SendTo')).toEqual([]);
      expect(cluster.states[0].lastActionedView).toBe(acted);
      expect(cluster.lastVerdict).toMatchObject({ kind: 'reject', reason, ...(detail ? { detail } : {}) });
    },
  );

  it('rejects a second, different proposal from the leader in one view (equivocation), after voting for the first', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const first = cluster.child(cluster.genesis, 1, { timestamp: T0 });
    const second = cluster.child(cluster.genesis, 1, { timestamp: T0 + 1 });
    expect(
      effectsOf(cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(first), nowMs: T0 }), 'SendTo'),
    ).toHaveLength(1);
    expect(cluster.lastVerdict).toEqual({ kind: 'accept' });
    const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(second), nowMs: T0 });
    expect(effects).toEqual([expect.objectContaining({ kind: 'Rejected', reason: 'equivocation', sender: 1 })]);
    expect(cluster.lastVerdict).toEqual({ kind: 'reject', reason: 'equivocation' });
  });

  it('ignores a repeated proposal, a proposal before Started, and one at or below the decided view', () => {
    const cluster = new ScriptedCluster();
    const leaf1 = cluster.child(cluster.genesis, 1);
    expect(cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 })).toEqual([
      expect.objectContaining({ kind: 'Ignored', reason: 'not-started' }),
    ]);
    cluster.start(0);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    expect(cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 })).toEqual([
      expect.objectContaining({ kind: 'Ignored', reason: 'duplicate' }),
    ]);
    expect(cluster.lastVerdict).toEqual({ kind: 'ignore', reason: 'duplicate' });
    const leaf2 = cluster.child(leaf1, 2);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 });
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(cluster.child(leaf2, 3)), nowMs: T0 });
    expect(cluster.states[0].lastDecided.commitment).toBe(leaf1.commitment);
    const stale = cluster.child(cluster.genesis, 1, { timestamp: T0 + 5 });
    expect(cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(stale), nowMs: T0 })).toEqual([
      expect.objectContaining({ kind: 'Ignored', reason: 'stale-view' }),
    ]);
  });

  it('keeps but does not vote for a leaf whose timestamp runs too far ahead of the local clock', () => {
    const cluster = new ScriptedCluster(4, {}, { maxTimestampAheadMs: 1_000 });
    cluster.start(0);
    const ahead = cluster.child(cluster.genesis, 1, { timestamp: T0 + 1_001 });
    const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(ahead), nowMs: T0 });
    expect(effects).toEqual([
      expect.objectContaining({ kind: 'Ignored', reason: 'timestamp-ahead' }),
      expect.objectContaining({ kind: 'Persist' }),
    ]);
    expect(cluster.states[0].leaves.has(ahead.commitment)).toBe(true);
    const inTime = cluster.child(cluster.genesis, 1, { timestamp: T0 + 1_000 });
    const other = new ScriptedCluster(4, {}, { maxTimestampAheadMs: 1_000 });
    other.start(0);
    expect(
      effectsOf(other.feed(0, { kind: 'ProposalReceived', message: other.proposal(inTime), nowMs: T0 }), 'SendTo'),
    ).toHaveLength(1);
  });

  it('votes under rule (b): a timeout certificate for v - 1 and a justifyQc at its highest highQc view', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const tc2 = cluster.tc(2, [1, 2, 3], [0, 1, 1]);
    const leaf3 = cluster.child(leaf1, 3);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    const effects = cluster.feed(0, {
      kind: 'ProposalReceived',
      message: cluster.proposal(leaf3, { timeoutCertificate: tc2 }),
      nowMs: T0,
    });
    // leader(4) is node 0 itself: the vote is counted, not sent.
    expect(effectsOf(effects, 'SendTo')).toEqual([]);
    expect(cluster.states[0].votes.get(3)?.votes.get(0)?.data).toBe(leaf3.commitment);
    expect(cluster.states[0]).toMatchObject({ view: 3, lastActionedView: 3, highTc: tc2 });
  });

  it('holds back a proposal whose parent it lacks, fetches the chain, then votes', () => {
    const cluster = new ScriptedCluster();
    cluster.start(3);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const leaf2 = cluster.child(leaf1, 2);
    const effects = cluster.feed(3, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 });
    expect(effects).toContainEqual({
      kind: 'RequestLeaves',
      leafCommitment: leaf1.commitment,
      view: 1,
      fromHeight: 1,
      peer: 2,
    });
    expect(effectsOf(effects, 'SendTo')).toEqual([]);
    expect(cluster.states[3].view).toBe(2);
    const fetched = cluster.feed(3, { kind: 'LeavesFetched', leaves: [{ leaf: leaf1.leaf }], from: 2, nowMs: T0 });
    // Node 3 leads view 3, so its vote for view 2 is counted here rather than sent.
    expect(effectsOf(fetched, 'SendTo')).toEqual([]);
    expect(cluster.states[3].votes.get(2)?.votes.get(3)?.data).toBe(leaf2.commitment);
    expect(cluster.states[3].lastActionedView).toBe(2);
    expect(cluster.states[3].leaves.get(commitLeaf(leaf1.leaf))?.payload).toBeUndefined();
  });
});
