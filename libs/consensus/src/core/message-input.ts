import type { ConsensusInput } from '../types/inputs';
import type { ConsensusMessage } from '../types/messages';

/** The input that a received consensus message is; `nowMs` is the local clock (proposals need it). */
export function messageInput(message: ConsensusMessage, nowMs: number): ConsensusInput {
  switch (message.kind) {
    case 'Proposal':
      return { kind: 'ProposalReceived', message, nowMs };
    case 'QuorumVote':
      return { kind: 'VoteReceived', message };
    case 'TimeoutVote':
      return { kind: 'TimeoutReceived', message };
    case 'DaProposal':
      return { kind: 'DaProposalReceived', message };
    case 'DaVote':
      return { kind: 'DaVoteReceived', message };
    case 'Certificate':
      return { kind: 'CertificateReceived', message };
  }
}
