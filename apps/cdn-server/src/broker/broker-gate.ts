import type { ConsensusConfig } from '@hotshot/protocol';
import { type AuthenticateMessage, FrameKind, type PermitMessage, UnexpectedFrameError } from '@hotshot/cdn';
import { BrokerAuth, type AdmittedKey } from './broker-auth';
import { Roster } from './roster';
import { checkStoredRoster, type RosterStore } from './roster-store';

/** The frames that can open a node's session on a broker. */
export type AdmissionMessage = AuthenticateMessage | PermitMessage;

/**
 * How nodes get into a broker, and what the broker knows of the roster. The single broker checks `Authenticate`
 * against a roster it keeps itself (LocalBrokerGate); a broker of the scale-out redeems the marshal's permits and
 * mirrors the roster kept in Redis (PermitGate in src/scale-out).
 */
export interface BrokerGate {
  /** The roster as this broker knows it: the stake table of Welcome and the keys direct frames may name. */
  readonly roster: Roster;
  /** Where the roster lives, for logs. */
  readonly location: string;
  /** The frame that opens a session here. */
  readonly admissionKind: AdmissionMessage['kind'];
  /**
   * Admits the node or throws (or rejects with) a CdnProtocolError subclass for a refusal, or another error for a
   * local failure. May answer at once or later; the connection waits, answering only heartbeats, in between.
   */
  admit(message: AdmissionMessage, nowMs: number): AdmittedKey | Promise<AdmittedKey>;
}

/** The single broker's gate: `Authenticate` against a roster kept in a RosterStore (DESIGN.md section 5). */
export class LocalBrokerGate implements BrokerGate {
  readonly roster: Roster;
  readonly location: string;
  readonly admissionKind = FrameKind.Authenticate;
  private readonly auth: BrokerAuth;

  /** Loads the stored roster; throws RosterFileCorruptError or RosterMismatchError when it cannot be used. */
  constructor(store: RosterStore, expectedNodes: number, config: ConsensusConfig, maxClockSkewMs: number) {
    const stored = store.load();
    if (stored) checkStoredRoster(stored, expectedNodes, config, store.location);
    this.location = store.location;
    this.roster = new Roster(expectedNodes, stored?.publicKeys ?? []);
    this.auth = new BrokerAuth(this.roster, store, config, maxClockSkewMs, stored?.lastAuthTimestamps);
  }

  admit(message: AdmissionMessage, nowMs: number): AdmittedKey {
    if (message.kind !== FrameKind.Authenticate) throw new UnexpectedFrameError(message.kind, 'unauthenticated');
    return this.auth.admit(message, nowMs);
  }
}
