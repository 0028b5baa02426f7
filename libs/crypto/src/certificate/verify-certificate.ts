import type { Bytes32, Certificate } from '@hotshot/protocol';
import { hexToBytes, isHex } from 'viem';
import type { SignaturePoint } from '../bls/backend';
import { InvalidCertificateError } from '../errors';
import { bitmapToSigners } from './signer-bitmap';
import type { StakeTableKeys } from './stake-table-keys';

/**
 * Checks that `certificate` proves `threshold` stake signed `digest`: a well-formed bitmap, the signers' stake at
 * or over the threshold, and the aggregate signature verifying against the sum of their keys (one pairing
 * check). Throws InvalidCertificateError whose reason is `badBitmap`, `shortStake` or `badAggregate`.
 */
export function verifyCertificate(
  keys: StakeTableKeys,
  digest: Bytes32,
  certificate: Certificate,
  threshold: bigint,
): void {
  const signers = checkSigners(keys, certificate, threshold);
  const signature = decodeAggregate(keys, certificate);
  if (!keys.backend.verify(keys.aggregate(signers), hexToBytes(digest), signature)) {
    throw new InvalidCertificateError('badAggregate', { signers: signers.length });
  }
}

/**
 * Whether `signature` is member `signer`'s over `digest`, using the table's decoded key (no key decoding per
 * call). False, never a throw, for an unknown signer or malformed bytes.
 */
export function verifyVote(keys: StakeTableKeys, signer: number, digest: Bytes32, signature: Uint8Array): boolean {
  if (!Number.isInteger(signer) || signer < 0 || signer >= keys.size) return false;
  let point: SignaturePoint;
  let message: Uint8Array;
  try {
    // The pairing check subgroup-checks the signature.
    point = keys.backend.decodeSignature(signature, false);
    message = hexToBytes(digest);
  } catch {
    return false;
  }
  return keys.backend.verify(keys.publicKey(signer), message, point);
}

/** Whether verifyCertificate accepts the certificate. */
export function isValidCertificate(
  keys: StakeTableKeys,
  digest: Bytes32,
  certificate: Certificate,
  threshold: bigint,
): boolean {
  try {
    verifyCertificate(keys, digest, certificate, threshold);
    return true;
  } catch (error) {
    if (error instanceof InvalidCertificateError) return false;
    throw error;
  }
}

/**
 * Checks a certificate whose signers signed different digests (a timeout certificate: each signer's digest binds
 * its own highQc view). `digestOfSigner` gets the signer's stake-table index and its position among the
 * certificate's signers (bitmap order, which is how TimeoutCertificate.highQcViews is indexed); when it throws or
 * returns no 32-byte hex digest (say, highQcViews is too short) the certificate is refused. Signers are grouped
 * by digest and the aggregate is checked with one pairing product holding one term per distinct digest. Throws
 * InvalidCertificateError like verifyCertificate.
 */
export function verifyMultiDigestCertificate(
  keys: StakeTableKeys,
  digestOfSigner: (signer: number, position: number) => Bytes32,
  certificate: Certificate,
  threshold: bigint,
): void {
  const signers = checkSigners(keys, certificate, threshold);
  const signature = decodeAggregate(keys, certificate);
  const groups = new Map<string, { digest: Bytes32; signers: number[] }>();
  for (const [position, signer] of signers.entries()) {
    const digest = digestFor(digestOfSigner, signer, position);
    const id = digest.toLowerCase();
    const group = groups.get(id);
    if (group) group.signers.push(signer);
    else groups.set(id, { digest, signers: [signer] });
  }
  const items = [...groups.values()].map(({ digest, signers: group }) => ({
    message: hexToBytes(digest),
    publicKey: keys.aggregate(group),
  }));
  if (!keys.backend.verifyDistinctMessages(signature, items)) {
    throw new InvalidCertificateError('badAggregate', { signers: signers.length, digests: groups.size });
  }
}

/** The signer's digest; a callback that throws or returns no digest refuses the certificate (cause attached). */
function digestFor(
  digestOfSigner: (signer: number, position: number) => Bytes32,
  signer: number,
  position: number,
): Bytes32 {
  let digest: unknown;
  try {
    digest = digestOfSigner(signer, position);
  } catch (cause) {
    throw new InvalidCertificateError('badAggregate', { signer, position, problem: 'no digest for signer' }, cause);
  }
  if (typeof digest !== 'string' || !isHex(digest, { strict: true }) || digest.length !== 66) {
    throw new InvalidCertificateError('badAggregate', { signer, position, problem: 'no digest for signer' });
  }
  return digest;
}

function checkSigners(keys: StakeTableKeys, certificate: Certificate, threshold: bigint): number[] {
  let signers: number[];
  try {
    signers = bitmapToSigners(certificate.signers, keys.size);
  } catch (cause) {
    throw new InvalidCertificateError('badBitmap', {}, cause);
  }
  const signed = keys.stakeOf(signers);
  if (signers.length === 0 || signed < threshold) {
    throw new InvalidCertificateError('shortStake', { signed, needed: threshold });
  }
  return signers;
}

function decodeAggregate(keys: StakeTableKeys, certificate: Certificate): SignaturePoint {
  const bytes = certificate.signature;
  // The identity signs everything for the identity key: never an aggregate.
  if (bytes instanceof Uint8Array && bytes.length > 0 && (bytes[0] & 0x40) !== 0) {
    throw new InvalidCertificateError('badAggregate', { encoding: 'infinity' });
  }
  try {
    // The pairing check subgroup-checks it.
    return keys.backend.decodeSignature(bytes, false);
  } catch (cause) {
    throw new InvalidCertificateError('badAggregate', { encoding: 'invalid' }, cause);
  }
}
