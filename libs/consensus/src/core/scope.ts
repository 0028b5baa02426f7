import type { ActionRecord, ConsensusEffect, ReportSubject, SelfVote, SignRequest } from '../types/effects';
import type { ConsensusMessage } from '../types/messages';
import type { ConsensusState, PersistedConsensusState } from '../types/state';
import type { IgnoreReason, RejectReason } from '../types/verdicts';
import type { ConsensusContext } from './context';

/** What step returns: the next state and the effects for the shell to carry out in order. */
export interface StepResult {
  readonly state: ConsensusState;
  readonly effects: readonly ConsensusEffect[];
}

type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** A vote this node addresses to itself: counted after the handler that cast it, within the same step. */
export type SelfDelivery = SelfVote;

/** The signature a message carries until the shell signs it (deferred signing). */
const UNSIGNED = new Uint8Array(0);

/**
 * One step in progress: a shallow copy of the state that handlers replace fields of (collections are replaced,
 * never mutated, so the caller's state stays intact), and the effects so far. Persist is emitted lazily, right
 * before the first send that follows a change to the safety state, which is DESIGN.md 4 step 7 by construction.
 */
export class StepScope {
  readonly state: Draft<ConsensusState>;
  private readonly effects: ConsensusEffect[] = [];
  private persistDue = false;
  private actions: ActionRecord[] = [];
  private readonly selfDeliveries: SelfDelivery[] = [];

  constructor(
    readonly ctx: ConsensusContext,
    state: ConsensusState,
  ) {
    this.state = { ...state };
  }

  /** Marks the persisted part of the state as changed: a Persist goes out before the next send. */
  persist(): void {
    this.persistDue = true;
  }

  /** Logs a signed action; it is persisted before the message that carries it is sent. */
  recordAction(action: ActionRecord): void {
    this.actions.push(action);
    this.persistDue = true;
  }

  /**
   * This node's signature for `request`: made here with ctx.crypto (in-step signing), or empty when the shell signs
   * (deferred signing), which it does for the request the send of the message carries.
   */
  sign(request: SignRequest): Uint8Array {
    return this.ctx.signing === 'deferred' ? UNSIGNED : this.ctx.crypto.sign(request.digest);
  }

  /**
   * Sends a message to every other node, or to the DA committee topic. `signing` is the request its signature was
   * made for (scope.sign); with deferred signing the effect carries it, so the shell signs before it sends.
   */
  broadcast(message: ConsensusMessage, audience: 'all' | 'da-committee' = 'all', signing?: SignRequest): void {
    this.flush();
    this.effects.push({ kind: 'Broadcast', audience, message, ...this.deferred(signing) });
  }

  /** Sends a message to one other node; `signing` as for broadcast. */
  sendTo(to: number, message: ConsensusMessage, signing?: SignRequest): void {
    this.flush();
    this.effects.push({ kind: 'SendTo', to, message, ...this.deferred(signing) });
  }

  /**
   * Hands one of this node's own votes to its own collector. It is counted once the current handler is done, in
   * the same step (step.ts), so casting a vote never calls back into counting: the core's modules import in one
   * direction only. With deferred signing the vote is unsigned here: it becomes a SignForSelf effect instead, which
   * the shell signs and feeds back as a message from this node; like any send it follows the Persist it depends on.
   */
  deliverToSelf(message: SelfDelivery, signing: SignRequest): void {
    if (this.ctx.signing !== 'deferred') {
      this.selfDeliveries.push(message);
      return;
    }
    this.flush();
    this.effects.push({ kind: 'SignForSelf', message, signing });
  }

  /** The next own vote to count, in the order they were cast, or undefined when none is left. */
  nextSelfDelivery(): SelfDelivery | undefined {
    return this.selfDeliveries.shift();
  }

  /** Emits an effect that sends nothing (timers, block building, decides, fetches). */
  emit(effect: ConsensusEffect): void {
    this.effects.push(effect);
  }

  /** Reports a message that broke the protocol. */
  reject(subject: ReportSubject, sender: number, view: number, reason: RejectReason, detail?: string): void {
    this.effects.push({ kind: 'Rejected', subject, sender, view, reason, ...(detail ? { detail } : {}) });
  }

  /** Reports a message dropped without blame. */
  ignore(subject: ReportSubject, sender: number, view: number, reason: IgnoreReason): void {
    this.effects.push({ kind: 'Ignored', subject, sender, view, reason });
  }

  /** Rejects a message by its own kind, sender and view. */
  rejectMessage(message: ConsensusMessage, reason: RejectReason, detail?: string): void {
    this.reject(message.kind, message.sender, messageView(message), reason, detail);
  }

  /** Ignores a message by its own kind, sender and view. */
  ignoreMessage(message: ConsensusMessage, reason: IgnoreReason): void {
    this.ignore(message.kind, message.sender, messageView(message), reason);
  }

  /** Finishes the step: a final Persist if anything durable changed. */
  finish(): StepResult {
    this.flush();
    return { state: this.state, effects: this.effects };
  }

  /** The effect field for `signing`: present with deferred signing only, so in-step effects stay as they were. */
  private deferred(signing: SignRequest | undefined): { signing?: SignRequest } {
    return this.ctx.signing === 'deferred' && signing ? { signing } : {};
  }

  private flush(): void {
    if (!this.persistDue) return;
    this.effects.push({ kind: 'Persist', state: persistedState(this.state), actions: this.actions });
    this.persistDue = false;
    this.actions = [];
  }
}

/** The view a message is about. */
export function messageView(message: ConsensusMessage): number {
  switch (message.kind) {
    case 'Proposal':
      return message.leaf.view;
    case 'Certificate':
      return message.timeoutCertificate?.view ?? message.highQc.view;
    case 'QuorumVote':
    case 'TimeoutVote':
    case 'DaProposal':
    case 'DaVote':
      return message.view;
  }
}

/** The part of the state that survives a restart. */
export function persistedState(state: ConsensusState): PersistedConsensusState {
  const undecided = [];
  for (const record of state.leaves.values()) {
    if (record.commitment !== state.lastDecided.commitment)
      undecided.push({ leaf: record.leaf, payload: record.payload });
  }
  undecided.sort((a, b) => a.leaf.header.height - b.leaf.header.height);
  return {
    lastActionedView: state.lastActionedView,
    lastDaVotedView: state.lastDaVotedView,
    highQc: state.highQc,
    ...(state.highTc ? { highTc: state.highTc } : {}),
    ...(state.ownTimeout ? { timeout: state.ownTimeout } : {}),
    lastDecided: { leaf: state.lastDecided.leaf, payload: state.lastDecided.payload },
    undecided,
  };
}
