import { publicKeyToHex } from '@hotshot/crypto';
import type { ConsensusConfig } from '@hotshot/protocol';
import type { Hex } from 'viem';
import { type AuthenticateMessage, hasValidAuthSignature } from '@hotshot/cdn';
import { checkAuthTimestamp, processEventLoopStallMs } from './auth-clock';
import { BadSignatureError, ReplayedAuthenticationError, RosterFullError } from './broker-errors';
import type { Admission, Roster } from './roster';
import type { RosterStore } from './roster-store';

/** A key the broker let in. */
export interface AdmittedKey extends Admission {
  readonly publicKey: Hex;
  /**
   * Orders the sessions of one key across brokers (scale-out: a counter in Redis, higher is newer); 0 on a single
   * broker, which orders a key's sessions by itself.
   */
  readonly epoch?: number;
}

/**
 * Decides whether an Authenticate frame gets in (DESIGN.md section 5): a timestamp within the clock skew (and the
 * broker's own event-loop stall: see checkAuthTimestamp) and newer
 * than the key's last accepted one (no replays), a key in the roster or room for a new one, and a valid signature.
 * The cheap checks run first, so garbage never costs a pairing. A new key is stored before it gets its index, and
 * every accepted timestamp is stored before the key gets in, so a captured Authenticate stays refused after a
 * restart (issue 17, finding 9).
 */
export class BrokerAuth {
  private readonly lastTimestamp = new Map<Hex, number>();

  /** `stored` are the timestamps the roster store kept from earlier runs. */
  constructor(
    private readonly roster: Roster,
    private readonly store: RosterStore,
    private readonly config: ConsensusConfig,
    private readonly maxClockSkewMs: number,
    stored: Readonly<Record<Hex, number>> = {},
    private readonly stallMs: () => number = processEventLoopStallMs,
  ) {
    for (const [key, timestampMs] of Object.entries(stored)) this.lastTimestamp.set(key as Hex, timestampMs);
  }

  /** Admits the key or throws a CdnProtocolError subclass (refusal) or RosterPersistError (local failure). */
  admit(message: AuthenticateMessage, nowMs: number): AdmittedKey {
    const publicKey = publicKeyToHex(message.publicKey);
    checkAuthTimestamp(message.timestampMs, nowMs, this.maxClockSkewMs, this.stallMs());
    const last = this.lastTimestamp.get(publicKey);
    if (last !== undefined && message.timestampMs <= last) {
      throw new ReplayedAuthenticationError(publicKey, message.timestampMs, last);
    }
    if (this.roster.indexOf(publicKey) === undefined && this.roster.isFull) {
      throw new RosterFullError(publicKey, this.roster.expectedNodes);
    }
    if (!hasValidAuthSignature(message)) throw new BadSignatureError(publicKey);
    const admission = this.roster.admit(publicKey);
    if (admission === undefined) throw new RosterFullError(publicKey, this.roster.expectedNodes);
    const previous = this.lastTimestamp.get(publicKey);
    this.lastTimestamp.set(publicKey, message.timestampMs);
    try {
      this.store.save({
        expectedNodes: this.roster.expectedNodes,
        config: this.config,
        publicKeys: this.roster.publicKeys(),
        lastAuthTimestamps: Object.fromEntries(this.lastTimestamp) as Record<Hex, number>,
      });
    } catch (error) {
      // Nothing of this admission may outlive a failed write: not the index, not the timestamp.
      if (previous === undefined) this.lastTimestamp.delete(publicKey);
      else this.lastTimestamp.set(publicKey, previous);
      if (admission.isNew) this.roster.revokeLast(publicKey);
      throw error;
    }
    return { ...admission, publicKey };
  }
}
