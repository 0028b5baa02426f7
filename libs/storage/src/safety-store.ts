import type { Bytes32 } from '@hotshot/protocol';

/** A signed action that must never be repeated differently in the same view. */
export type ActionKind = 'proposal' | 'quorum-vote' | 'timeout-vote' | 'da-vote';

/** One action a node took, recorded before the message leaves the node. */
export interface ActionRecord {
  readonly view: number;
  readonly kind: ActionKind;
  /** The digest the node signed. */
  readonly digest: Bytes32;
}

/**
 * The consensus safety store (DESIGN.md 4, step 7): the consensus core's persisted state plus a log of signed
 * actions. Every write is durable when its promise resolves, so the shell may send what it protects afterwards.
 */
export interface SafetyStore<TState> {
  /** The last saved state, or undefined for a node that never ran. */
  loadState(): Promise<TState | undefined>;
  /**
   * Saves the core's state. `lastActionedView` is kept in its own column and must never decrease:
   * a lower value is refused with SafetyViolationError.
   */
  saveState(state: TState, lastActionedView: number): Promise<void>;
  /**
   * Records an action before it is sent. Recording the same action again is a no-op; a different digest for the
   * same view and kind is refused with SafetyViolationError, so a node cannot equivocate even through a bug.
   */
  recordAction(action: ActionRecord): Promise<void>;
  /** Every recorded action in view order (for audits and tests). */
  listActions(fromView?: number): Promise<ActionRecord[]>;
}
