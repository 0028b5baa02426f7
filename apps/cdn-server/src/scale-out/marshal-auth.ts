import { publicKeyToHex } from '@hotshot/crypto';
import type { Hex } from 'viem';
import { type AuthenticateMessage, hasValidAuthSignature } from '@hotshot/cdn';
import { checkAuthTimestamp, processEventLoopStallMs } from '../broker/auth-clock';
import {
  BadSignatureError,
  NotInStakeTableError,
  ReplayedAuthenticationError,
  RosterFullError,
} from '../broker/broker-errors';
import type { Roster } from '../broker/roster';
import type { RedisRoster } from './redis-roster';

/** A key the marshal let in, with its index and the epoch of this session. */
export interface MarshalAdmission {
  readonly publicKey: Hex;
  readonly index: number;
  readonly isNew: boolean;
  readonly epoch: number;
  /** Keys in the roster after this admission. */
  readonly rosterSize: number;
}

/**
 * The marshal's check of an Authenticate frame: the single broker's rules (DESIGN.md section 5), against the roster
 * in Redis. Cheap checks first (clock; with a stake table from L1, membership, which is public there; then one Redis
 * round trip for the key's index, the roster size and its last timestamp), the pairing after, and the admission
 * itself last, in one atomic script that checks again.
 */
export class MarshalAuth {
  constructor(
    private readonly roster: RedisRoster,
    private readonly expectedNodes: number,
    private readonly maxClockSkewMs: number,
    /** The stake table read from L1 (Roster.fromStakeTable) and its block; undefined for the first-come bootstrap. */
    private readonly l1Members?: { readonly roster: Roster; readonly l1Block: bigint },
    private readonly stallMs: () => number = processEventLoopStallMs,
  ) {}

  /** Admits the key or rejects with a CdnProtocolError subclass (a refusal) or a Redis error (a local failure). */
  async admit(message: AuthenticateMessage, nowMs: number): Promise<MarshalAdmission> {
    const publicKey = publicKeyToHex(message.publicKey);
    checkAuthTimestamp(message.timestampMs, nowMs, this.maxClockSkewMs, this.stallMs());
    const l1 = this.l1Members;
    if (l1 && l1.roster.indexOf(publicKey) === undefined) throw new NotInStakeTableError(publicKey, l1.l1Block);
    const known = await this.roster.lookup(publicKey);
    if (known.lastTimestampMs !== undefined && message.timestampMs <= known.lastTimestampMs) {
      throw new ReplayedAuthenticationError(publicKey, message.timestampMs, known.lastTimestampMs);
    }
    if (known.index === undefined && known.size >= this.expectedNodes) {
      throw new RosterFullError(publicKey, this.expectedNodes);
    }
    if (!hasValidAuthSignature(message)) throw new BadSignatureError(publicKey);
    const admission = await this.roster.admit(publicKey, message.timestampMs, this.expectedNodes);
    switch (admission.kind) {
      case 'replay':
        throw new ReplayedAuthenticationError(publicKey, message.timestampMs, admission.lastTimestampMs);
      case 'full':
        throw new RosterFullError(publicKey, this.expectedNodes);
      case 'admitted':
        return {
          publicKey,
          index: admission.index,
          isNew: admission.isNew,
          epoch: admission.epoch,
          rosterSize: admission.size,
        };
    }
  }
}
