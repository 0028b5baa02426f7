import type { ConsensusInput } from '../types/inputs';
import type { ConsensusState } from '../types/state';
import type { ConsensusContext } from './context';
import { onBlockBuilt } from './handlers/on-block-built';
import { onCertificateReceived } from './handlers/on-certificate-received';
import { onDaProposalReceived } from './handlers/on-da-proposal-received';
import { onDaVoteReceived } from './handlers/on-da-vote-received';
import { onLeavesFetched } from './handlers/on-leaves-fetched';
import { onProposalReceived } from './handlers/on-proposal-received';
import { onRestored } from './handlers/on-restored';
import { onStarted } from './handlers/on-started';
import { onTimeoutElapsed } from './handlers/on-timeout-elapsed';
import { onTimeoutReceived } from './handlers/on-timeout-received';
import { onVoteReceived } from './handlers/on-vote-received';
import { StepScope, type StepResult } from './scope';
import { addTimeout } from './timeout-collection';
import { countDaVote, countQuorumVote } from './vote-counting';

/**
 * The consensus core: one input in, the next state and the effects to carry out in order out. Pure: no clock,
 * network, disk or randomness (time arrives in inputs, keys and stake in the context), and `state` is never
 * changed. The shell runs it on one queue and carries out the effects in order (Persist before the sends after it).
 */
export function step(state: ConsensusState, input: ConsensusInput, ctx: ConsensusContext): StepResult {
  const scope = new StepScope(ctx, state);
  switch (input.kind) {
    case 'Started':
      onStarted(scope, input);
      break;
    case 'Restored':
      onRestored(scope, input);
      break;
    case 'ProposalReceived':
      onProposalReceived(scope, input);
      break;
    case 'VoteReceived':
      onVoteReceived(scope, input);
      break;
    case 'TimeoutReceived':
      onTimeoutReceived(scope, input);
      break;
    case 'DaProposalReceived':
      onDaProposalReceived(scope, input);
      break;
    case 'DaVoteReceived':
      onDaVoteReceived(scope, input);
      break;
    case 'CertificateReceived':
      onCertificateReceived(scope, input);
      break;
    case 'TimeoutElapsed':
      onTimeoutElapsed(scope, input);
      break;
    case 'BlockBuilt':
      onBlockBuilt(scope, input);
      break;
    case 'LeavesFetched':
      onLeavesFetched(scope, input);
      break;
    default:
      return assertNever(input);
  }
  countOwnVotes(scope);
  return scope.finish();
}

/** Counts the votes this node cast to itself during the step, and any they lead to (a QC, then a proposal). */
function countOwnVotes(scope: StepScope): void {
  for (let vote = scope.nextSelfDelivery(); vote; vote = scope.nextSelfDelivery()) {
    switch (vote.kind) {
      case 'QuorumVote':
        countQuorumVote(scope, vote, true);
        break;
      case 'DaVote':
        countDaVote(scope, vote, true);
        break;
      case 'TimeoutVote':
        addTimeout(scope, vote, true);
        break;
      default:
        assertNever(vote);
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown consensus input ${JSON.stringify(value)}`);
}
