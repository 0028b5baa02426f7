import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import { viewTimeoutFor } from './context';

describe('timeouts and view change (DESIGN.md 4 step 6)', () => {
  it('times out a view: persists it as actioned, broadcasts a timeout with highQc, re-arms, and stops voting in it', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const effects = cluster.feed(0, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    expect(effects.map((effect) => effect.kind)).toEqual(['Persist', 'Broadcast', 'ScheduleTimeout']);
    expect(effectsOf(effects, 'Persist')[0]).toMatchObject({
      state: { lastActionedView: 1 },
      actions: [{ view: 1, kind: 'timeout-vote' }],
    });
    const timeout = cluster.timeout(0, 1, cluster.genesisQc);
    expect(effectsOf(effects, 'Broadcast')[0].message).toEqual(timeout);
    const late = cluster.feed(0, {
      kind: 'ProposalReceived',
      message: cluster.proposal(cluster.child(cluster.genesis, 1)),
      nowMs: T0,
    });
    expect(effectsOf(late, 'SendTo')).toEqual([]);
    // The next timer re-sends the very same vote: lost timeouts heal, the signed digest never changes.
    const again = cluster.feed(0, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    expect(again).toEqual([
      { kind: 'Broadcast', audience: 'all', message: timeout },
      { kind: 'ScheduleTimeout', view: 1, durationMs: 1_000 },
    ]);
    expect(cluster.feed(0, { kind: 'TimeoutElapsed', view: 7, nowMs: T0 })).toEqual([]);
  });

  it('forms a timeout certificate from a quorum, enters the next view with a longer timer, and forwards it', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    cluster.feed(0, { kind: 'TimeoutElapsed', view: 1, nowMs: T0 });
    expect(cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(1, 1, cluster.genesisQc) })).toEqual([]);
    const effects = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(3, 1, cluster.genesisQc) });
    expect(effects.map((effect) => effect.kind)).toEqual(['ScheduleTimeout', 'Persist', 'SendTo']);
    expect(effectsOf(effects, 'ScheduleTimeout')[0]).toEqual({ kind: 'ScheduleTimeout', view: 2, durationMs: 2_000 });
    const forward = effectsOf(effects, 'SendTo')[0];
    expect(forward.to).toBe(2);
    expect(forward.message).toMatchObject({
      kind: 'Certificate',
      highQc: cluster.genesisQc,
      timeoutCertificate: { view: 1, highQcViews: [0, 0, 0] },
    });
    expect(cluster.states[0]).toMatchObject({ view: 2, failures: 1, highTc: { view: 1 } });
    // A timeout for the view it just left is stale: the sender lags, so it gets the certificate.
    const stale = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(2, 1, cluster.genesisQc) });
    expect(stale.map((effect) => effect.kind)).toEqual(['SendTo', 'Ignored']);
  });

  it('as leader(v + 1), proposes with the timeout certificate and its highQc', () => {
    const cluster = new ScriptedCluster();
    cluster.start(2);
    for (const sender of [0, 1, 3]) {
      cluster.feed(2, { kind: 'TimeoutReceived', message: cluster.timeout(sender, 1, cluster.genesisQc) });
    }
    expect(cluster.states[2].view).toBe(2);
    const built = cluster.feed(2, {
      kind: 'BlockBuilt',
      view: 2,
      parentLeafCommitment: cluster.genesis.commitment,
      payload: { namespaceTable: [], namespacePayloads: [] },
      timestamp: T0,
      l1Head: 0,
      nowMs: T0,
    });
    const [proposal] = effectsOf(built, 'Broadcast');
    expect(proposal.message).toMatchObject({
      kind: 'Proposal',
      leaf: { view: 2, justifyQc: cluster.genesisQc },
      timeoutCertificate: { view: 1, highQcViews: [0, 0, 0] },
    });
  });

  it('grows the timer by timeoutRatio per consecutive failed view, caps it, and resets it after a QC', () => {
    const cluster = new ScriptedCluster(4, {}, { maxViewTimeoutMs: 5_000 });
    const ctx = cluster.contexts[0];
    expect([0, 1, 2, 3, 9].map((failures) => viewTimeoutFor(ctx, failures))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    cluster.start(0);
    for (const view of [1, 2]) {
      for (const sender of [1, 2, 3]) {
        cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(sender, view, cluster.genesisQc) });
      }
    }
    expect(cluster.states[0]).toMatchObject({ view: 3, failures: 2 });
    const leaf3 = cluster.child(cluster.genesis, 3);
    const leaf4 = cluster.child(leaf3, 4);
    cluster.feed(0, {
      kind: 'ProposalReceived',
      message: cluster.proposal(leaf3, { timeoutCertificate: cluster.tc(2, [1, 2, 3], [0, 0, 0]) }),
      nowMs: T0,
    });
    const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf4), nowMs: T0 });
    expect(effectsOf(effects, 'ScheduleTimeout')).toEqual([{ kind: 'ScheduleTimeout', view: 4, durationMs: 1_000 }]);
  });

  it('jumps ahead and times out once members with more than a third of the stake timed out a later view', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const first = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(1, 5, cluster.genesisQc) });
    expect(first).toEqual([]);
    // A forged second timeout (bad signature) must not drag the node ahead.
    const forged = { ...cluster.timeout(2, 5, cluster.genesisQc), signature: cluster.sign(3, `0x${'00'.repeat(32)}`) };
    const afterForged = cluster.feed(0, { kind: 'TimeoutReceived', message: forged });
    expect(afterForged).toEqual([
      expect.objectContaining({ kind: 'Rejected', sender: 2, reason: 'invalid-signature' }),
    ]);
    expect(cluster.states[0].view).toBe(1);
    const effects = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(3, 4, cluster.genesisQc) });
    // Stake 2 of 4 timed out view 4 or later: the node enters view 4 and times it out.
    expect(cluster.states[0]).toMatchObject({ view: 4, timedOut: true, lastActionedView: 4 });
    expect(effectsOf(effects, 'Broadcast')[0].message).toEqual(cluster.timeout(0, 4, cluster.genesisQc));
  });

  it('takes in a timeout highQc ahead of its view, deciding and forwarding it to the new leader', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const leaf2 = cluster.child(leaf1, 2);
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf1), nowMs: T0 });
    cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(leaf2), nowMs: T0 });
    const effects = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(1, 3, cluster.qc(leaf2)) });
    expect(effectsOf(effects, 'Decide').map((d) => d.leaves.map((l) => l.commitment))).toEqual([[leaf1.commitment]]);
    expect(cluster.states[0].view).toBe(3);
    expect(effectsOf(effects, 'SendTo')).toEqual([
      expect.objectContaining({
        to: 3,
        message: expect.objectContaining({ kind: 'Certificate', highQc: cluster.qc(leaf2) }),
      }),
    ]);
  });

  it('answers a lagging node’s timeout with the certificates that bring it up', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    for (const sender of [1, 2, 3]) {
      cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(sender, 1, cluster.genesisQc) });
    }
    cluster.start(3);
    const lagging = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(3, 1, cluster.genesisQc) });
    const [answer] = effectsOf(lagging, 'SendTo');
    expect(answer.to).toBe(3);
    const caughtUp = cluster.feed(3, { kind: 'CertificateReceived', message: answer.message as never });
    expect(caughtUp).toContainEqual({ kind: 'ScheduleTimeout', view: 2, durationMs: 2_000 });
    expect(cluster.states[3].view).toBe(2);
    expect(cluster.feed(3, { kind: 'CertificateReceived', message: answer.message as never })).toEqual([
      expect.objectContaining({ kind: 'Ignored', reason: 'stale-view' }),
    ]);
  });

  it('blames the sender of a bad certificate only when its own signature holds', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const leaf1 = cluster.child(cluster.genesis, 1);
    const badQc = { ...cluster.qc(leaf1), certificate: cluster.qc(leaf1, [0, 1]).certificate };
    const genuine = cluster.timeout(2, 2, badQc);
    expect(cluster.feed(0, { kind: 'TimeoutReceived', message: genuine })).toEqual([
      expect.objectContaining({ kind: 'Rejected', sender: 2, reason: 'invalid-certificate' }),
    ]);
    expect(cluster.feed(0, { kind: 'TimeoutReceived', message: { ...genuine, sender: 3 } })).toEqual([
      expect.objectContaining({ kind: 'Rejected', sender: 3, reason: 'invalid-signature' }),
    ]);
    const forward = { kind: 'Certificate' as const, highQc: badQc, sender: 1, signature: new Uint8Array(96) };
    expect(cluster.feed(0, { kind: 'CertificateReceived', message: forward })).toEqual([
      expect.objectContaining({ kind: 'Rejected', sender: 1, reason: 'invalid-signature' }),
    ]);
  });

  it('drops a timeout with a forged signature when the certificate is assembled, and forms it from the rest', () => {
    const cluster = new ScriptedCluster();
    cluster.start(0);
    const forged = { ...cluster.timeout(1, 1, cluster.genesisQc), signature: cluster.sign(2, `0x${'00'.repeat(32)}`) };
    cluster.feed(0, { kind: 'TimeoutReceived', message: forged });
    cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(2, 1, cluster.genesisQc) });
    // Two of four timed out this view: the node times out too (amplification), and with 3 it has a quorum.
    const effects = cluster.feed(0, { kind: 'TimeoutReceived', message: cluster.timeout(3, 1, cluster.genesisQc) });
    expect(effectsOf(effects, 'Rejected')).toEqual([
      expect.objectContaining({ sender: 1, reason: 'invalid-signature' }),
    ]);
    expect(cluster.states[0].view).toBe(2);
    // Signers 0, 2 and 3: bits 0, 2, 3.
    expect([...cluster.states[0].highTc!.certificate.signers]).toEqual([0b1101]);
  });
});
