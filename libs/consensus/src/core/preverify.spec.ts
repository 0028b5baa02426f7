import { MemoizedConsensusCrypto } from '../crypto/memoized-consensus-crypto';
import { ScriptedCluster, T0 } from '../testing/scripted-cluster';
import { createConsensusContext } from './context';
import { preverifyMessage } from './preverify';
import { step } from './step';
import { initialState } from './state';

describe('preverifyMessage', () => {
  const cluster = new ScriptedCluster(4);
  const ctx = cluster.contexts[1];
  const first = cluster.child(cluster.genesis, 1);
  const second = cluster.child(first, 2);
  const proposal = cluster.proposal(second);

  it('verifies a proposal and its justifying QC, and defers votes to the aggregate check', () => {
    expect(preverifyMessage(ctx, cluster.proposal(first))).toBe('verified');
    expect(preverifyMessage(ctx, proposal)).toBe('verified');
    expect(preverifyMessage(ctx, cluster.vote(2, 2, second.commitment))).toBe('deferred');
  });

  it('fails a forged signature, a QC that does not verify and an unknown sender', () => {
    expect(preverifyMessage(ctx, { ...proposal, signature: cluster.proposal(first).signature })).toBe('failed');
    const forgedQc = { ...second.leaf.justifyQc, leafCommitment: second.commitment };
    expect(preverifyMessage(ctx, { ...proposal, leaf: { ...second.leaf, justifyQc: forgedQc } })).toBe('failed');
    expect(preverifyMessage(ctx, { ...proposal, sender: 9 })).toBe('failed');
  });

  it('leaves the core a lookup: what was preverified is not verified again through a memoizing crypto', () => {
    const inner = cluster.ring.cryptoFor(1);
    const verify = jest.spyOn(inner, 'verify');
    const verifyCertificate = jest.spyOn(inner, 'verifyCertificate');
    const memoized = createConsensusContext({
      config: cluster.config,
      stakeTable: cluster.ring.stakeTable,
      self: 1,
      crypto: new MemoizedConsensusCrypto(inner),
    });
    const state = step(initialState(memoized), { kind: 'Started', nowMs: T0 }, memoized).state;
    const message = cluster.proposal(first);
    expect(preverifyMessage(memoized, message)).toBe('verified');
    const checks = verify.mock.calls.length + verifyCertificate.mock.calls.length;
    const result = step(state, { kind: 'ProposalReceived', message, nowMs: T0 + 1 }, memoized);
    // The core accepted and voted, with no pairing of its own.
    expect(result.effects.some((effect) => effect.kind === 'SendTo')).toBe(true);
    expect(verify.mock.calls.length + verifyCertificate.mock.calls.length).toBe(checks);
    // A different signature is verified for real, and a failure is never remembered.
    const before = verify.mock.calls.length;
    const forged = new Uint8Array(message.signature.length);
    expect(memoized.crypto.verify(message.sender, `0x${'00'.repeat(32)}`, forged)).toBe(false);
    expect(memoized.crypto.verify(message.sender, `0x${'00'.repeat(32)}`, forged)).toBe(false);
    expect(verify.mock.calls.length).toBe(before + 2);
  });
});
