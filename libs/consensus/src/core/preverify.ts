import type { QuorumCertificate } from '@hotshot/protocol';
import type { ConsensusMessage } from '../types/messages';
import { isMember, type ConsensusContext } from './context';
import { commitLeaf, proposalSigningDigest, quorumDigest } from './memo';

/** What checking a message before the consensus queue found. */
export type PreverifyOutcome = 'verified' | 'failed' | 'deferred';

/**
 * Checks, before a message enters the consensus queue (DESIGN.md 6), the signatures that cost pairings on the
 * hot path: a proposal's leader signature and justifying QC, and the highQc of timeouts and forwarded
 * certificates. The core checks them again when it steps the message, as the authority on what is valid; with a
 * memoizing ctx.crypto that second check is a lookup. Votes are `deferred`: a leader verifies them as one
 * aggregate, never one by one. Pure: no clock, no IO.
 */
export function preverifyMessage(ctx: ConsensusContext, message: ConsensusMessage): PreverifyOutcome {
  if (!isMember(ctx, message.sender)) return 'failed';
  switch (message.kind) {
    case 'Proposal': {
      const { leaf } = message;
      const digest = proposalSigningDigest(ctx.config.chainId, leaf.view, commitLeaf(leaf));
      if (!ctx.crypto.verify(message.sender, digest, message.signature)) return 'failed';
      return qcVerifies(ctx, leaf.justifyQc) ? 'verified' : 'failed';
    }
    case 'TimeoutVote':
    case 'Certificate':
      return qcVerifies(ctx, message.highQc) ? 'verified' : 'failed';
    case 'QuorumVote':
    case 'DaVote':
    case 'DaProposal':
      return 'deferred';
  }
}

function qcVerifies(ctx: ConsensusContext, qc: QuorumCertificate): boolean {
  // Genesis's QC is implicit; the core checks its shape.
  if (qc.view === 0) return true;
  return ctx.crypto.verifyCertificate(
    quorumDigest(ctx.config.chainId, qc.view, qc.leafCommitment),
    qc.certificate,
    ctx.quorum,
  );
}
