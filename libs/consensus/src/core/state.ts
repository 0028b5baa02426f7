import type { ConsensusState, PersistedConsensusState } from '../types/state';
import type { ConsensusContext } from './context';

/** The state of a node that has not started: view 0, genesis decided, genesis QC as highQc. */
export function initialState(ctx: ConsensusContext): ConsensusState {
  return {
    started: false,
    view: 0,
    lastActionedView: 0,
    lastDaVotedView: 0,
    highQc: ctx.genesis.leaf.justifyQc,
    timedOut: false,
    failures: 0,
    lastDecided: ctx.genesis,
    leaves: new Map([[ctx.genesis.commitment, ctx.genesis]]),
    proposals: new Map(),
    pending: new Map(),
    votes: new Map(),
    daVotes: new Map(),
    timeouts: new Map(),
    latestTimeouts: new Map(),
    daPayloads: new Map(),
    verified: new Map(),
    requested: new Map(),
  };
}

/** What a node that never ran persists: nothing actioned, genesis decided. */
export function freshPersistedState(ctx: ConsensusContext): PersistedConsensusState {
  return {
    lastActionedView: 0,
    lastDaVotedView: 0,
    highQc: ctx.genesis.leaf.justifyQc,
    lastDecided: { leaf: ctx.genesis.leaf },
    undecided: [],
  };
}
