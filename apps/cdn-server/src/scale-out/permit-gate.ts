import { FrameKind, UnexpectedFrameError } from '@hotshot/cdn';
import type { AdmittedKey } from '../broker/broker-auth';
import type { AdmissionMessage, BrokerGate } from '../broker/broker-gate';
import type { Roster } from '../broker/roster';
import type { PermitStore } from './permit-store';
import type { RedisRoster } from './redis-roster';
import { BadPermitError, RosterDisagreementError } from './scale-out-errors';

/**
 * A scale-out broker's gate: a node opens with the permit the marshal gave it, which the broker redeems in Redis
 * (once: GETDEL). The roster is a mirror of the one in Redis, which only ever grows at the end, so the mirror fetches
 * just the keys past its own size; a roster the marshal read from L1 is full, with its stakes, from the start.
 */
export class PermitGate implements BrokerGate {
  readonly roster: Roster;
  readonly location: string;
  readonly admissionKind = FrameKind.Permit;
  private refreshing: Promise<boolean> | undefined;

  constructor(
    private readonly brokerId: string,
    private readonly permits: PermitStore,
    private readonly redisRoster: RedisRoster,
    roster: Roster,
    location: string,
  ) {
    this.roster = roster;
    this.location = location;
  }

  async admit(message: AdmissionMessage): Promise<AdmittedKey> {
    if (message.kind !== FrameKind.Permit) throw new UnexpectedFrameError(message.kind, 'unauthenticated');
    const grant = await this.permits.redeem(message.permit);
    if (grant === undefined) throw new BadPermitError('unknown, expired or already used');
    if (grant.broker !== this.brokerId) {
      throw new BadPermitError('issued for another broker', { broker: grant.broker });
    }
    // Twice at most: a fetch already under way may have started before the marshal added this key.
    for (let tries = 0; tries < 2 && this.roster.keyAt(grant.index) === undefined; tries++) await this.refresh();
    if (this.roster.keyAt(grant.index) !== grant.publicKey) {
      throw new RosterDisagreementError(grant.publicKey, grant.index);
    }
    return { publicKey: grant.publicKey, index: grant.index, isNew: grant.isNew, epoch: grant.epoch };
  }

  /** Fetches keys the marshal added since the last look; resolves with whether the mirror grew. */
  refresh(): Promise<boolean> {
    // One fetch at a time: a burst of joins and roster events shares it, and the mirror appends in order.
    this.refreshing ??= (async () => {
      try {
        const before = this.roster.size;
        if (this.roster.isFull) return false;
        for (const key of await this.redisRoster.keysFrom(before)) this.roster.admit(key);
        return this.roster.size > before;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
