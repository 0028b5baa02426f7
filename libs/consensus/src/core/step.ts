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
import { messageView, StepScope, type StepResult } from './scope';
import type { ConsensusEffect } from '../types/effects';
import type { ConsensusMessage } from '../types/messages';
import type { Verdict } from '../types/verdicts';

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
  const result = scope.finish();
  const message = 'message' in input ? input.message : undefined;
  return message ? { ...result, verdict: verdictFor(message, result.effects) } : result;
}

/**
 * The verdict on the input's own message: the report the handler made about it (same kind, sender and view),
 * or accept. Reports about other messages in the same step (votes bisected out of an aggregate) do not count.
 */
function verdictFor(message: ConsensusMessage, effects: readonly ConsensusEffect[]): Verdict {
  const view = messageView(message);
  for (const effect of effects) {
    if (effect.kind !== 'Rejected' && effect.kind !== 'Ignored') continue;
    if (effect.subject !== message.kind || effect.sender !== message.sender || effect.view !== view) continue;
    return effect.kind === 'Rejected'
      ? { kind: 'reject', reason: effect.reason, ...(effect.detail ? { detail: effect.detail } : {}) }
      : { kind: 'ignore', reason: effect.reason };
  }
  return { kind: 'accept' };
}

function assertNever(input: never): never {
  throw new Error(`unknown consensus input ${JSON.stringify(input)}`);
}
