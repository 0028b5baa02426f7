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

/** The compact bytes of a block payload the persisted state names by its payload commitment. */
export interface PersistedPayload {
  readonly commitment: Bytes32;
  /** The view of the newest leaf that carries it: payloads below the last decided view are dropped. */
  readonly view: number;
  readonly bytes: Uint8Array;
}

/** One durable write of the safety store: all of it lands, or none of it. */
export interface SafetyWrite<TState> {
  /** Payloads the state names, written before it (a payload already stored is kept, its view raised). */
  readonly payloads: readonly PersistedPayload[];
  /** Actions to record, each refused like recordAction refuses it. */
  readonly actions: readonly ActionRecord[];
  readonly state: TState;
  /** Must never decrease, as in saveState. */
  readonly lastActionedView: number;
  /** Stored payloads of views below this are deleted (decided: the availability store holds them). */
  readonly dropPayloadsBelowView: number;
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
  /**
   * Payloads, actions and state in one durable transaction (one fsync per vote instead of one per write). Throws
   * SafetyViolationError as saveState and recordAction do, and then writes nothing.
   */
  commit(write: SafetyWrite<TState>): Promise<void>;
  /** The stored payloads among `commitments` (what a restart re-attaches to the leaves the state names). */
  loadPayloads(commitments: readonly Bytes32[]): Promise<Map<Bytes32, Uint8Array>>;
  /** Every recorded action in view order (for audits and tests). */
  listActions(fromView?: number): Promise<ActionRecord[]>;
}
