import type { Certificate, Leaf } from '@hotshot/protocol';
import type { ConsensusCrypto } from '../crypto/consensus-crypto';
import { effectsOf, ScriptedCluster, T0 } from '../testing/scripted-cluster';
import type { LeafRecord, StoredLeaf } from '../types/state';

type Built = LeafRecord & { payload: NonNullable<LeafRecord['payload']> };

/**
 * Node 2 of four started empty; the others built `length` leaves on genesis. By default leaf i has view i; `skip`
 * lists the leaves whose view jumps one further (a timed-out view before them). Warm start beyond a 4-height gap,
 * keeping 3 leaves of history.
 */
function network(length: number, skip: readonly number[] = []) {
  const cluster = new ScriptedCluster(4, {}, { warmStartGap: 4, warmStartHistory: 3 });
  const verifications = countVerifications(cluster, 2);
  cluster.start(2);
  const chain: Built[] = [cluster.genesis as Built];
  let view = 0;
  for (let i = 1; i <= length; i++) {
    view += skip.includes(i) ? 2 : 1;
    chain.push(cluster.child(chain[i - 1], view));
  }
  return { cluster, chain, verifications };
}

/** Counts the certificate verifications node `index` makes. */
function countVerifications(cluster: ScriptedCluster, index: number): { count: number } {
  const counter = { count: 0 };
  const ctx = cluster.contexts[index];
  const inner = ctx.crypto;
  const crypto: ConsensusCrypto = {
    sign: (digest) => inner.sign(digest),
    verify: (signer, digest, signature) => inner.verify(signer, digest, signature),
    assemble: (digest, votes, threshold) => inner.assemble(digest, votes, threshold),
    assembleMultiDigest: (votes, threshold) => inner.assembleMultiDigest(votes, threshold),
    verifyCertificate: (digest, certificate: Certificate, threshold) => {
      counter.count++;
      return inner.verifyCertificate(digest, certificate, threshold);
    },
    verifyMultiDigestCertificate: (digestOf, certificate, threshold) =>
      inner.verifyMultiDigestCertificate(digestOf, certificate, threshold),
  };
  cluster.contexts[index] = { ...ctx, crypto };
  return counter;
}

/** What a peer serves: leaves `from` to `to`, highest first, with their payloads. */
function served(chain: readonly Built[], from: number, to: number): StoredLeaf[] {
  return chain
    .slice(from, to + 1)
    .reverse()
    .map(({ leaf, payload }) => ({ leaf, payload }));
}

describe('warm start: adopting a decided leaf far above the last decided one', () => {
  it('jumps on a two-chain it already verified, loads the recent history by hash link, and votes', () => {
    const { cluster, chain, verifications } = network(12);
    const asked = cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(chain[12]), nowMs: T0 });
    // Leaf 11 is 11 heights up, past the 4-height gap: ask only for the history and the margin below it.
    expect(effectsOf(asked, 'RequestLeaves')).toEqual([
      { kind: 'RequestLeaves', leafCommitment: chain[11].commitment, view: 11, fromHeight: 6, peer: 0 },
    ]);
    verifications.count = 0;
    const effects = cluster.feed(2, { kind: 'LeavesFetched', leaves: served(chain, 6, 11), from: 1, nowMs: T0 });

    const [decide] = effectsOf(effects, 'Decide');
    expect(decide.jumpedFrom).toBe(0);
    expect(decide.leaves.map((d) => d.leaf.header.height)).toEqual([8, 9, 10]);
    expect(decide.leaves.map((d) => d.payload)).toEqual([chain[8].payload, chain[9].payload, chain[10].payload]);
    // Leaf 11 is one view above leaf 10 and certified by the QC in the proposal: nothing new to verify.
    expect(decide.qc).toEqual(chain[12].leaf.justifyQc);
    expect(decide.child).toEqual(chain[11].leaf);
    expect(verifications.count).toBe(0);
    const state = cluster.states[2];
    expect(state.lastDecided.commitment).toBe(chain[10].commitment);
    expect(state.decideProof).toEqual({ qc: chain[12].leaf.justifyQc, child: chain[11].leaf });
    // The held-back proposal now has its parent: it joins the tree and the node votes for it.
    expect([...state.leaves.keys()]).toEqual([chain[10], chain[11], chain[12]].map((r) => r.commitment));
    expect(effectsOf(effects, 'SendTo')).toEqual([
      { kind: 'SendTo', to: 1, message: cluster.vote(2, 12, chain[12].commitment) },
    ]);
    const persisted = effectsOf(effects, 'Persist').at(-1)!.state;
    expect(persisted.lastDecided.leaf).toEqual(chain[10].leaf);
    expect(persisted.undecided.map((u) => u.leaf)).toEqual([chain[11].leaf, chain[12].leaf]);
  });

  it("checks a peer's decide proof with one verification when its own top is not a two-chain", () => {
    // Leaf 11 follows a timed-out view: leaf 10 is not proven by the QC on leaf 11, leaf 9 is by the QC on leaf 10.
    const { cluster, chain, verifications } = network(12, [11]);
    cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(chain[12]), nowMs: T0 });
    const highQc = cluster.states[2].highQc;
    verifications.count = 0;
    const decideProof = { qc: cluster.qc(chain[10]), child: chain[10].leaf };
    const effects = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: served(chain, 5, 11),
      decideProof,
      from: 1,
      nowMs: T0,
    });
    expect(verifications.count).toBe(1);
    const [decide] = effectsOf(effects, 'Decide');
    expect(decide).toMatchObject({ jumpedFrom: 0, qc: decideProof.qc, child: chain[10].leaf });
    expect(decide.leaves.map((d) => d.leaf.header.height)).toEqual([7, 8, 9]);
    // What lies above the adopted leaf joins the tree through the QC the node already held; highQc stays put.
    const state = cluster.states[2];
    expect(state.highQc).toBe(highQc);
    expect([...state.leaves.keys()]).toEqual([chain[9], chain[10], chain[11], chain[12]].map((r) => r.commitment));
    // It voted for the held-back proposal (leader(14) is node 2 itself, so the vote stays here).
    expect(state.lastActionedView).toBe(13);
    expect(state.votes.get(13)?.votes.has(2)).toBe(true);
    expect(effectsOf(effects, 'Rejected')).toEqual([]);
  });

  it.each([
    [
      'a forged QC',
      (c: ReturnType<typeof network>) => ({ qc: c.cluster.qc(c.chain[10], [0]), child: c.chain[10].leaf }),
    ],
    [
      'a QC whose certificate is garbage',
      (c: ReturnType<typeof network>) => {
        const qc = c.cluster.qc(c.chain[10]);
        return {
          qc: { ...qc, certificate: { ...qc.certificate, signature: new Uint8Array(96) } },
          child: c.chain[10].leaf,
        };
      },
    ],
    // Leaf 11 is two views above leaf 10: a QC on it proves nothing about leaf 10 (step 5 needs consecutive views).
    [
      'a child that is not one view above',
      (c: ReturnType<typeof network>) => ({ qc: c.cluster.qc(c.chain[11]), child: c.chain[11].leaf }),
    ],
    [
      'a QC on another leaf',
      (c: ReturnType<typeof network>) => ({ qc: { ...c.cluster.qc(c.chain[9]), view: 10 }, child: c.chain[10].leaf }),
    ],
  ])('rejects a decide proof with %s and stays where it was', (_name, proofOf) => {
    const built = network(12, [11]);
    const { cluster, chain } = built;
    cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(chain[12]), nowMs: T0 });
    const before = cluster.states[2];
    const effects = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: served(chain, 5, 11),
      decideProof: proofOf(built),
      from: 3,
      nowMs: T0,
    });
    expect(effects).toEqual([
      { kind: 'Rejected', subject: 'Leaves', sender: 3, view: 0, reason: 'invalid-leaves', detail: 'decide-proof' },
    ]);
    expect(cluster.states[2].lastDecided).toBe(before.lastDecided);
    expect(cluster.states[2].leaves).toBe(before.leaves);
  });

  it('never lowers lastActionedView, highQc or the view of a restored node', () => {
    const { cluster, chain } = network(12);
    const highQc = cluster.qc(chain[11]);
    cluster.feed(2, {
      kind: 'Restored',
      persisted: {
        lastActionedView: 40,
        lastDaVotedView: 0,
        highQc,
        lastDecided: { leaf: chain[2].leaf },
        undecided: [],
      },
      nowMs: T0,
    });
    expect(cluster.states[2].view).toBe(40);
    const effects = cluster.feed(2, { kind: 'LeavesFetched', leaves: served(chain, 5, 11), from: 1, nowMs: T0 });
    expect(effectsOf(effects, 'Decide')[0]).toMatchObject({ jumpedFrom: 2, child: chain[11].leaf });
    const state = cluster.states[2];
    expect(state.lastDecided.commitment).toBe(chain[10].commitment);
    expect(state.lastActionedView).toBe(40);
    expect(state.view).toBe(40);
    expect(state.highQc).toBe(highQc);
    expect(effectsOf(effects, 'Persist').every((p) => p.state.lastActionedView === 40)).toBe(true);
    expect(effectsOf(effects, 'SendTo')).toEqual([]);
  });

  it('ignores a decide proof when the gap is small enough to fetch, and warm-starts only far behind', () => {
    const { cluster, chain } = network(12);
    cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(chain[5]), nowMs: T0 });
    const near = cluster.feed(2, {
      kind: 'LeavesFetched',
      leaves: served(chain, 1, 4),
      decideProof: { qc: cluster.qc(chain[4]), child: chain[4].leaf },
      nowMs: T0,
    });
    expect(effectsOf(near, 'Decide').map((d) => [d.jumpedFrom, d.leaves.length])).toEqual([[undefined, 3]]);
    // Leaves that reach no tree and prove nothing: neither attached nor blamed.
    const unproven = cluster.feed(2, { kind: 'LeavesFetched', leaves: served(chain, 9, 11), from: 1, nowMs: T0 });
    expect(unproven).toEqual([{ kind: 'Ignored', subject: 'Leaves', sender: 1, view: 0, reason: 'duplicate' }]);
  });

  it('keeps the history down to a leaf that does not fit its parent, and blames the peer for it', () => {
    const { cluster, chain } = network(12);
    cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(chain[12]), nowMs: T0 });
    const leaves = served(chain, 6, 11).map((stored): StoredLeaf => {
      if (stored.leaf.header.height !== 9) return stored;
      const leaf: Leaf = { ...stored.leaf, justifyQc: { ...stored.leaf.justifyQc, view: 3 } };
      return { leaf };
    });
    const effects = cluster.feed(2, { kind: 'LeavesFetched', leaves, from: 1, nowMs: T0 });
    expect(effectsOf(effects, 'Decide')[0].leaves.map((d) => d.leaf.header.height)).toEqual([10]);
    expect(effectsOf(effects, 'Rejected')).toEqual([
      { kind: 'Rejected', subject: 'Leaves', sender: 1, view: 0, reason: 'invalid-leaves', detail: 'justify-qc' },
    ]);
  });

  it('refuses warm-start settings that keep no history', () => {
    expect(() => new ScriptedCluster(4, {}, { warmStartHistory: 0 })).toThrow('warmStartGap and warmStartHistory');
    expect(() => new ScriptedCluster(4, {}, { warmStartGap: 1.5 })).toThrow('positive integers');
  });
});
