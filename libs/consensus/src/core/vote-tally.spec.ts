import type { Bytes32 } from '@hotshot/protocol';
import fc from 'fast-check';
import type { ConsensusCrypto } from '../crypto/consensus-crypto';
import { FakeKeyRing } from '../testing/fake-crypto';
import {
  addVote,
  certifyVotes,
  emptyTally,
  type CertificateRule,
  type CertifyResult,
  type CountedVote,
  type OfferedVote,
  type TallyOutcome,
  type VoteTally,
} from './vote-tally';

const A = `0x${'aa'.repeat(32)}` as Bytes32;
const B = `0x${'bb'.repeat(32)}` as Bytes32;
const STAKES = [1n, 2n, 3n, 1n, 1n];
const THRESHOLD = 6n; // floor(2 * 8 / 3) + 1
const ring = new FakeKeyRing(STAKES);
const members = STAKES.map((_, index) => ring.cryptoFor(index));

/** What offering one vote did: the tally after it, and what certifyVotes found. */
type Offered = CertifyResult<Bytes32> & { readonly outcome: TallyOutcome };

/** A tally over commitments whose digest is the commitment itself, counting every verify and aggregation. */
function counting(crypto: ConsensusCrypto = members[0]!) {
  const calls = { verify: 0, assembled: [] as CountedVote<Bytes32>[][] };
  const verify = (signer: number, data: Bytes32, signature: Uint8Array) => {
    calls.verify++;
    return crypto.verify(signer, data, signature);
  };
  const ruleFor = (data: Bytes32): CertificateRule<Bytes32> => ({
    counts: (other) => other === data,
    stakeOf: (signer) => STAKES[signer]!,
    threshold: THRESHOLD,
    assemble: (votes, threshold) => {
      calls.assembled.push([...votes]);
      return crypto.assemble(data, votes, threshold);
    },
  });
  /** What the consensus core and the finality service do with a vote: add it, then try its data's certificate. */
  const offer = (tally: VoteTally<Bytes32>, vote: OfferedVote<Bytes32>): Offered => {
    const added = addVote(tally, vote, verify);
    if (added.outcome !== 'added') return { ...added, rejected: [] };
    return { ...certifyVotes(added.tally, ruleFor(vote.data)), outcome: added.outcome };
  };
  return { calls, verify, ruleFor, offer };
}

const genuine = (signer: number, data: Bytes32, trusted = false): OfferedVote<Bytes32> => ({
  signer,
  data,
  signature: members[signer]!.sign(data),
  trusted,
});
/** A vote in `signer`'s name that another member signed. */
const forged = (signer: number, data: Bytes32): OfferedVote<Bytes32> => ({
  ...genuine(signer, data),
  signature: members[(signer + 1) % STAKES.length]!.sign(data),
});

describe('vote tally (DESIGN.md section 2, verify aggregates)', () => {
  it('checks nothing until one commitment holds the threshold, then aggregates once into a certificate', () => {
    const { calls, offer } = counting();
    let tally = emptyTally<Bytes32>();
    for (const vote of [genuine(0, A), genuine(1, A), genuine(3, B), genuine(4, B)]) {
      const result = offer(tally, vote);
      expect(result.outcome).toBe('added');
      expect(result.certificate).toBeUndefined();
      tally = result.tally;
    }
    expect(calls).toEqual({ verify: 0, assembled: [] });
    const completed = offer(tally, genuine(2, A));
    expect(calls.assembled.map((votes) => votes.map((vote) => vote.signer))).toEqual([[0, 1, 2]]);
    expect(members[4]!.verifyCertificate(A, completed.certificate!, THRESHOLD)).toBe(true);
    expect(completed.tally.certified).toBe(true);
    expect(offer(completed.tally, genuine(3, A)).outcome).toBe('certified');
    expect(certifyVotes(completed.tally, counting().ruleFor(A))).toEqual({ tally: completed.tally, rejected: [] });
  });

  it('takes the same vote twice as a duplicate without checking it, and never checks a trusted vote', () => {
    const { calls, offer } = counting();
    const { tally } = offer(emptyTally(), genuine(0, A, true));
    expect(offer(tally, genuine(0, A, true)).outcome).toBe('duplicate');
    expect(offer(offer(tally, genuine(1, A)).tally, genuine(1, A)).outcome).toBe('duplicate');
    expect(calls.verify).toBe(0);
  });

  it('calls a signer’s second good vote for another commitment equivocation and keeps the first', () => {
    const { offer } = counting();
    const { tally } = offer(emptyTally(), genuine(2, A));
    const second = offer(tally, genuine(2, B));
    expect(second.outcome).toBe('equivocation');
    expect(second.tally).toBe(tally);
    expect(offer(tally, forged(2, B)).outcome).toBe('invalid-signature');
  });

  it('lets the genuine vote replace one forged in its signer’s name', () => {
    const { offer } = counting();
    const { tally } = offer(emptyTally(), forged(2, A));
    const replaced = offer(tally, genuine(2, B));
    expect(replaced.outcome).toBe('added');
    expect(replaced.tally.votes.get(2)).toEqual({ data: B, signature: genuine(2, B).signature, check: 'verified' });
  });

  it('keeps a vote that failed the aggregate as rejected: sent again it is a duplicate and never aggregated again', () => {
    const { calls, offer } = counting();
    let tally = emptyTally<Bytes32>();
    for (const vote of [forged(2, A), genuine(0, A), genuine(1, A)]) tally = offer(tally, vote).tally;
    expect(calls.assembled).toHaveLength(1);
    expect(tally.votes.get(2)?.check).toBe('rejected');
    expect(tally.certified).toBe(false);
    expect(offer(tally, forged(2, A)).outcome).toBe('duplicate');
    // Below the threshold without it: a new vote adds, and nothing is aggregated.
    tally = offer(tally, genuine(3, A)).tally;
    expect(calls.assembled).toHaveLength(1);
    // The genuine vote replaces the rejected one and completes the certificate.
    const completed = offer(tally, genuine(2, A));
    expect(completed.certificate).toBeDefined();
    expect(calls.assembled[1]!.map((vote) => vote.signer).sort()).toEqual([0, 1, 2, 3]);
  });

  it('certifies votes over different data when the rule counts them all (a timeout certificate)', () => {
    const timeouts = (view: number) => `0x${view.toString(16).padStart(64, '0')}` as Bytes32;
    const crypto = members[0]!;
    let tally = emptyTally<number>();
    for (const [signer, highQcView] of [
      [1, 3],
      [2, 4],
      [4, 4],
    ] as const) {
      const vote = { signer, data: highQcView, signature: members[signer]!.sign(timeouts(highQcView)), trusted: false };
      tally = addVote(tally, vote, () => false).tally;
    }
    const { certificate, rejected } = certifyVotes(tally, {
      counts: () => true,
      stakeOf: (signer) => STAKES[signer]!,
      threshold: THRESHOLD,
      assemble: (votes, threshold) =>
        crypto.assembleMultiDigest(
          votes.map((vote) => ({ ...vote, digest: timeouts(vote.data) })),
          threshold,
        ),
    });
    expect(rejected).toEqual([]);
    const views = new Map([...tally.votes].map(([signer, vote]) => [signer, vote.data]));
    expect(crypto.verifyMultiDigestCertificate((s) => timeouts(views.get(s)!), certificate!, THRESHOLD)).toBe(true);
  });

  it('over any order of genuine, forged, repeated and double votes: certifies exactly when a commitment’s first genuine votes hold the threshold, and aggregates no rejected vote twice', () => {
    const vote = fc.record({
      signer: fc.integer({ min: 0, max: STAKES.length - 1 }),
      data: fc.constantFrom(A, B),
      kind: fc.constantFrom('genuine', 'forged', 'garbage'),
    });
    fc.assert(
      fc.property(fc.array(vote, { maxLength: 24 }), (script) => {
        const { calls, offer } = counting();
        let tally = emptyTally<Bytes32>();
        let certificate;
        const firstGenuine = new Map<number, Bytes32>();
        const rejectedBefore = new Set<string>();
        for (const { signer, data, kind } of script) {
          const offered =
            kind === 'genuine'
              ? genuine(signer, data)
              : kind === 'forged'
                ? forged(signer, data)
                : { ...genuine(signer, data), signature: new Uint8Array(8).fill(signer) };
          if (!tally.certified && kind === 'genuine' && !firstGenuine.has(signer)) firstGenuine.set(signer, data);
          const result = offer(tally, offered);
          tally = result.tally;
          certificate ??= result.certificate;
          for (const signer of result.rejected) {
            rejectedBefore.add(`${signer}:${Buffer.from(tally.votes.get(signer)!.signature).toString('hex')}`);
          }
          expect(tally.votes.size).toBeLessThanOrEqual(STAKES.length);
        }
        const stakeFor = (data: Bytes32) =>
          [...firstGenuine].filter(([, d]) => d === data).reduce((sum, [signer]) => sum + STAKES[signer]!, 0n);
        const reachable = stakeFor(A) >= THRESHOLD || stakeFor(B) >= THRESHOLD;
        expect(tally.certified).toBe(reachable);
        if (certificate) {
          const verifies = [A, B].some((data) => members[0]!.verifyCertificate(data, certificate, THRESHOLD));
          expect(verifies).toBe(true);
        }
        const aggregated = calls.assembled.flat().map((v) => `${v.signer}:${Buffer.from(v.signature).toString('hex')}`);
        const counts = new Map<string, number>();
        for (const key of aggregated) counts.set(key, (counts.get(key) ?? 0) + 1);
        for (const key of rejectedBefore) expect(counts.get(key)).toBe(1);
      }),
      { numRuns: 2000, seed: 22 },
    );
  });
});
