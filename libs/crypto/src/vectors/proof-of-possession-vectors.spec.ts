import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytes } from 'viem';
import { toEip2537G1 } from '../bls/eip2537';
import { proofOfPossessionDigest, verifyProofOfPossession } from '../proof-of-possession/proof-of-possession';
import { renderProofOfPossessionVectors, type ProofOfPossessionVectors } from './proof-of-possession-vectors';

const FIXTURE = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'contracts',
  'test',
  'fixtures',
  'proof-of-possession-vectors.json',
);

describe('proof-of-possession vectors', () => {
  const rendered = renderProofOfPossessionVectors();
  const vectors = JSON.parse(rendered) as ProofOfPossessionVectors;
  const context = { chainId: BigInt(vectors.chainId), stakeTable: vectors.stakeTable, account: vectors.account };

  it('match the committed fixture file (run `npm run fixtures` after changing the digest)', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(rendered);
  });

  it('hold valid proofs of distinct keys, each over its digest', () => {
    expect(new Set(vectors.valid.map((v) => v.publicKey)).size).toBe(vectors.valid.length);
    for (const v of vectors.valid) {
      const publicKey = hexToBytes(v.publicKey);
      expect(toEip2537G1(publicKey)).toBe(v.publicKeyG1);
      expect(proofOfPossessionDigest(publicKey, context)).toBe(v.digest);
      expect(verifyProofOfPossession(publicKey, context, hexToBytes(v.signature))).toBe(true);
    }
  });

  it('hold one refused proof for each binding, of a key that no valid proof registers', () => {
    expect(vectors.refused.map((r) => r.reason)).toEqual([
      'bound to another account',
      'bound to another contract',
      'bound to another chain',
      'signed by another key',
    ]);
    const valid = new Set(vectors.valid.map((v) => v.publicKeyG1));
    for (const r of vectors.refused) expect(valid.has(r.publicKeyG1)).toBe(false);
    expect(new Set(vectors.refused.map((r) => r.signatureG2)).size).toBe(vectors.refused.length);
  });
});
