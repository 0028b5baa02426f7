import { encodeAbiParameters, keccak256, sliceHex, stringToHex, type Hex } from 'viem';
import { demoKeyPair } from '../bls/bls';
import { toEip2537G1 } from '../bls/eip2537';
import { bothBackends } from '../testing/backends';
import {
  PROOF_OF_POSSESSION_TAG,
  proofOfPossessionDigest,
  signProofOfPossession,
  verifyProofOfPossession,
  type ProofOfPossessionContext,
} from './proof-of-possession';

const context: ProofOfPossessionContext = {
  chainId: 31_337n,
  stakeTable: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  account: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
};
const key = demoKeyPair('proof-of-possession spec', 0);
const other = demoKeyPair('proof-of-possession spec', 1);

/** Every way a context can differ from `context` in one field. */
const elsewhere: [string, ProofOfPossessionContext][] = [
  ['another chain', { ...context, chainId: 1n }],
  ['another contract', { ...context, stakeTable: '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512' }],
  ['another account', { ...context, account: '0x70997970c51812dc3a010c7d01b50e0aa3c4ac79' }],
];

describe('proof of possession', () => {
  it('tags its digest with keccak256("hotshot.proof-of-possession")', () => {
    expect(PROOF_OF_POSSESSION_TAG).toBe(keccak256(stringToHex('hotshot.proof-of-possession')));
  });

  it('hashes abi.encode(tag, chainId, stakeTable, account, BLS.G1Point key) as Solidity does', () => {
    const g1 = toEip2537G1(key.publicKey);
    const word = (i: number): Hex => sliceHex(g1, 32 * i, 32 * (i + 1));
    const point = {
      type: 'tuple',
      components: ['x_a', 'x_b', 'y_a', 'y_b'].map((name) => ({ name, type: 'bytes32' })),
    } as const;
    const encoded = encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'address' }, point],
      [
        PROOF_OF_POSSESSION_TAG,
        context.chainId,
        context.stakeTable,
        context.account,
        { x_a: word(0), x_b: word(1), y_a: word(2), y_b: word(3) },
      ],
    );
    expect(proofOfPossessionDigest(key.publicKey, context)).toBe(keccak256(encoded));
  });

  it.each(elsewhere)('binds the digest to its context: %s gives another digest', (_, moved) => {
    expect(proofOfPossessionDigest(key.publicKey, moved)).not.toBe(proofOfPossessionDigest(key.publicKey, context));
  });

  it('binds the digest to the key', () => {
    expect(proofOfPossessionDigest(other.publicKey, context)).not.toBe(proofOfPossessionDigest(key.publicKey, context));
  });

  describe.each(bothBackends())('on %s', (_, backend) => {
    const proof = signProofOfPossession(key, context, backend);

    it('signs the digest, and the proof verifies for its key and context', () => {
      expect(proof.digest).toBe(proofOfPossessionDigest(key.publicKey, context));
      expect(proof.signature).toHaveLength(96);
      expect(verifyProofOfPossession(key.publicKey, context, proof.signature, backend)).toBe(true);
    });

    it.each(elsewhere)('refuses the proof in %s', (_, moved) => {
      expect(verifyProofOfPossession(key.publicKey, moved, proof.signature, backend)).toBe(false);
    });

    it('refuses the proof for another key, and another key signing for this one', () => {
      expect(verifyProofOfPossession(other.publicKey, context, proof.signature, backend)).toBe(false);
      const forged = signProofOfPossession({ secretKey: other.secretKey, publicKey: key.publicKey }, context, backend);
      expect(verifyProofOfPossession(key.publicKey, context, forged.signature, backend)).toBe(false);
    });

    it('returns false for a key or signature that does not decode', () => {
      expect(verifyProofOfPossession(new Uint8Array(48), context, proof.signature, backend)).toBe(false);
      expect(verifyProofOfPossession(key.publicKey, context, new Uint8Array(96).fill(0xff), backend)).toBe(false);
    });
  });

  it('gives the same signature on both backends (BLS signing is deterministic)', () => {
    const [[, blst], [, noble]] = bothBackends();
    expect(signProofOfPossession(key, context, blst).signature).toEqual(
      signProofOfPossession(key, context, noble).signature,
    );
  });
});
