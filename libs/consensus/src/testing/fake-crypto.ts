import { bitmapToSigners, signersToBitmap } from '@hotshot/crypto';
import { SIGNATURE_BYTES, type Bytes32, type Certificate, type StakeTable } from '@hotshot/protocol';
import type { AssembledVotes, ConsensusCrypto, SignedDigestVote, SignedVote } from '../crypto/consensus-crypto';
import { Prng } from './prng';

/** Marks a fake signature, so a real BLS signature never passes as one by accident. */
const MARKER = 0xfa;

/**
 * A fast, deterministic stand-in for BLS in the simulator. Each member gets a secret; its "signature" over a
 * digest is a keyed 64-bit tag, and an aggregate is the lane-wise sum of its signers' tags, so aggregates verify
 * against signer sets exactly like BLS aggregates do (and a wrong or missing vote changes the sum). A node's
 * crypto signs only with its own secret: a Byzantine node cannot produce another member's tag except by chance
 * (2^-64), which is what "cannot forge" means here.
 */
export class FakeKeyRing {
  /** A stake table whose public keys are placeholders (48 bytes naming the member). */
  readonly stakeTable: StakeTable;
  private readonly secrets: Uint32Array;
  private readonly stakes: readonly bigint[];

  constructor(stakes: readonly bigint[], seed = 1) {
    const prng = new Prng(seed ^ 0x5eed);
    this.secrets = Uint32Array.from({ length: stakes.length * 2 }, () => prng.uint32());
    this.stakes = stakes;
    this.stakeTable = stakes.map((stake, index) => {
      const publicKey = new Uint8Array(48);
      new DataView(publicKey.buffer).setUint32(0, index);
      publicKey[47] = MARKER;
      return { publicKey, stake };
    });
  }

  /** The crypto of member `index`: it signs as `index` and verifies anyone. */
  cryptoFor(index: number): ConsensusCrypto {
    return new FakeConsensusCrypto(this, index);
  }

  /** Member `signer`'s tag over `digest` as two 32-bit lanes. */
  tag(signer: number, digestHash: readonly [number, number]): [number, number] {
    return [mix(digestHash[0] ^ this.secrets[2 * signer]), mix(digestHash[1] ^ this.secrets[2 * signer + 1])];
  }

  /** The number of members. */
  get size(): number {
    return this.stakes.length;
  }

  /** Sum of the stake of `signers`. */
  stakeOf(signers: readonly number[]): bigint {
    let sum = 0n;
    for (const signer of signers) sum += this.stakes[signer];
    return sum;
  }
}

class FakeConsensusCrypto implements ConsensusCrypto {
  constructor(
    private readonly ring: FakeKeyRing,
    private readonly self: number,
  ) {}

  sign(digest: Bytes32): Uint8Array {
    return encode(this.ring.tag(this.self, hashDigest(digest)));
  }

  verify(signer: number, digest: Bytes32, signature: Uint8Array): boolean {
    if (!isMember(this.ring, signer)) return false;
    const lanes = decode(signature);
    if (!lanes) return false;
    const expected = this.ring.tag(signer, hashDigest(digest));
    return lanes[0] === expected[0] && lanes[1] === expected[1];
  }

  assemble(digest: Bytes32, votes: readonly SignedVote[], threshold: bigint): AssembledVotes {
    return this.assembleMultiDigest(
      votes.map((vote) => ({ ...vote, digest })),
      threshold,
    );
  }

  assembleMultiDigest(votes: readonly SignedDigestVote[], threshold: bigint): AssembledVotes {
    const good: SignedDigestVote[] = [];
    const rejected: number[] = [];
    for (const vote of votes) {
      if (this.verify(vote.signer, vote.digest, vote.signature)) good.push(vote);
      else rejected.push(vote.signer);
    }
    rejected.sort((a, b) => a - b);
    const signers = good.map((vote) => vote.signer).sort((a, b) => a - b);
    if (signers.length === 0 || this.ring.stakeOf(signers) < threshold) return { rejected };
    const sum: [number, number] = [0, 0];
    for (const vote of good) add(sum, decode(vote.signature)!);
    return { certificate: { signers: signersToBitmap(signers, this.ring.size), signature: encode(sum) }, rejected };
  }

  verifyCertificate(digest: Bytes32, certificate: Certificate, threshold: bigint): boolean {
    return this.verifyMultiDigestCertificate(() => digest, certificate, threshold);
  }

  verifyMultiDigestCertificate(
    digestOf: (signer: number) => Bytes32,
    certificate: Certificate,
    threshold: bigint,
  ): boolean {
    let signers: number[];
    try {
      signers = bitmapToSigners(certificate.signers, this.ring.size);
    } catch {
      return false;
    }
    const lanes = decode(certificate.signature);
    if (!lanes || signers.length === 0 || this.ring.stakeOf(signers) < threshold) return false;
    const sum: [number, number] = [0, 0];
    for (const signer of signers) add(sum, this.ring.tag(signer, hashDigest(digestOf(signer))));
    return sum[0] === lanes[0] && sum[1] === lanes[1];
  }
}

function isMember(ring: FakeKeyRing, index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < ring.size;
}

/** Two independent 32-bit FNV-1a hashes of the digest's hex text. */
function hashDigest(digest: Bytes32): [number, number] {
  let h0 = 0x811c9dc5;
  let h1 = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < digest.length; i++) {
    const c = digest.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h1 = Math.imul(h1 ^ c, 0x01000193 + 2);
  }
  return [h0 >>> 0, h1 >>> 0];
}

/** The murmur3 finalizer: a keyed tag that changes completely with any input bit. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function add(sum: [number, number], lanes: readonly [number, number]): void {
  sum[0] = (sum[0] + lanes[0]) >>> 0;
  sum[1] = (sum[1] + lanes[1]) >>> 0;
}

function encode(lanes: readonly [number, number]): Uint8Array {
  const out = new Uint8Array(SIGNATURE_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, lanes[0]);
  view.setUint32(4, lanes[1]);
  out[8] = MARKER;
  return out;
}

function decode(signature: Uint8Array): [number, number] | undefined {
  if (signature.length !== SIGNATURE_BYTES || signature[8] !== MARKER) return undefined;
  for (let i = 9; i < SIGNATURE_BYTES; i++) if (signature[i] !== 0) return undefined;
  const view = new DataView(signature.buffer, signature.byteOffset, signature.byteLength);
  return [view.getUint32(0), view.getUint32(4)];
}
