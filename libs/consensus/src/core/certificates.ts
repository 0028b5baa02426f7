import { bitmapToSigners } from '@hotshot/crypto';
import type { Certificate, DaCertificate, QuorumCertificate, TimeoutCertificate } from '@hotshot/protocol';
import { bytesEqual, withBoundedEntry } from './collections';
import type { ConsensusContext } from './context';
import { daDigest, quorumDigest, timeoutDigest } from './memo';
import type { StepScope } from './scope';

/** How many verified certificates a node remembers, so the same QC in many messages costs one pairing. */
const VERIFIED_CACHE_SIZE = 64;

/**
 * Whether `qc` is valid: the implicit genesis QC, or a quorum of stake over quorumVoteDigest(view, leaf)
 * (DESIGN.md 4 step 4). Results are cached by view, leaf and certificate bytes.
 */
export function verifyQc(scope: StepScope, qc: QuorumCertificate): boolean {
  const { ctx } = scope;
  if (!isViewNumber(qc.view)) return false;
  if (qc.view === 0) {
    return (
      qc.leafCommitment === ctx.genesis.commitment &&
      qc.certificate.signers.length === 0 &&
      qc.certificate.signature.length === 0
    );
  }
  return cached(scope, `q:${qc.view}:${qc.leafCommitment}`, qc.certificate, () =>
    ctx.crypto.verifyCertificate(
      quorumDigest(ctx.config.chainId, qc.view, qc.leafCommitment),
      qc.certificate,
      ctx.quorum,
    ),
  );
}

/**
 * Whether `tc` is valid (step 6): one highQc view per signer, each below the certificate's view, and a quorum of
 * stake whose aggregate verifies with each signer's own timeoutVoteDigest(view, highQcView).
 */
export function verifyTc(scope: StepScope, tc: TimeoutCertificate): boolean {
  const { ctx } = scope;
  if (!isViewNumber(tc.view) || tc.view < 1) return false;
  const signers = signersOf(ctx, tc.certificate);
  if (!signers || signers.length !== tc.highQcViews.length) return false;
  const viewOf = new Map<number, number>();
  for (let k = 0; k < signers.length; k++) {
    const highQcView = tc.highQcViews[k];
    if (!isViewNumber(highQcView) || highQcView >= tc.view) return false;
    viewOf.set(signers[k], highQcView);
  }
  const key = `t:${tc.view}:${tc.highQcViews.join(',')}`;
  return cached(scope, key, tc.certificate, () =>
    ctx.crypto.verifyMultiDigestCertificate(
      (signer) => timeoutDigest(ctx.config.chainId, tc.view, viewOf.get(signer)!),
      tc.certificate,
      ctx.quorum,
    ),
  );
}

/** Whether `da` is valid (step 1): signed only by DA committee members holding a quorum of the committee's stake. */
export function verifyDaCertificate(scope: StepScope, da: DaCertificate): boolean {
  const { ctx } = scope;
  if (!isViewNumber(da.view) || da.view < 1) return false;
  const signers = signersOf(ctx, da.certificate);
  if (!signers || signers.some((signer) => signer >= ctx.daCommitteeSize)) return false;
  return cached(scope, `d:${da.view}:${da.payloadCommitment}`, da.certificate, () =>
    ctx.crypto.verifyCertificate(
      daDigest(ctx.config.chainId, da.view, da.payloadCommitment),
      da.certificate,
      ctx.daQuorum,
    ),
  );
}

/** Records a certificate this node assembled itself, so it is never verified again. */
export function rememberVerified(scope: StepScope, key: string, certificate: Certificate): void {
  scope.state.verified = withBoundedEntry(scope.state.verified, key, certificate, VERIFIED_CACHE_SIZE);
}

/** The signers of a certificate's bitmap, ascending, or undefined when the bitmap is malformed. */
export function signersOf(ctx: ConsensusContext, certificate: Certificate): number[] | undefined {
  try {
    return bitmapToSigners(certificate.signers, ctx.size);
  } catch {
    return undefined;
  }
}

/** Whether `value` can be a view or height: a non-negative safe integer. */
export function isViewNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function cached(scope: StepScope, key: string, certificate: Certificate, check: () => boolean): boolean {
  const known = scope.state.verified.get(key);
  if (known && bytesEqual(known.signers, certificate.signers) && bytesEqual(known.signature, certificate.signature)) {
    return true;
  }
  if (!check()) return false;
  rememberVerified(scope, key, certificate);
  return true;
}
