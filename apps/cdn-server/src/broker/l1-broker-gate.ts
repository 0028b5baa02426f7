import { publicKeyToHex } from '@hotshot/crypto';
import { readL1StakeTable, type L1StakeTable, type L1StakeTableSource } from '@hotshot/l1';
import type { ConsensusConfig } from '@hotshot/protocol';
import type { Address, Hex } from 'viem';
import { FrameKind, UnexpectedFrameError } from '@hotshot/cdn';
import { BrokerAuth, type AdmittedKey } from './broker-auth';
import { NotInStakeTableError } from './broker-errors';
import type { AdmissionMessage, BrokerGate } from './broker-gate';
import { Roster } from './roster';
import type { RosterStore } from './roster-store';

/** The network's stake table as the broker read it from StakeTable.sol, and where. */
export interface L1Roster extends L1StakeTable {
  readonly address: Address;
}

/** Reads the network's stake table (readL1StakeTable, as every node does) and names the contract it came from. */
export async function readL1Roster(source: L1StakeTableSource, maxSize: number): Promise<L1Roster> {
  return { ...(await readL1StakeTable(source, maxSize)), address: source.address };
}

/**
 * The single broker's gate when the roster comes from L1 (issue 18): the members are exactly the stake table read
 * from StakeTable.sol, each at its index in that table, so no join order and no broker decides who sequences. A
 * key outside it is refused with NotInStakeTableError before its signature costs a pairing (membership is public
 * on L1); a member passes the same timestamp, replay and signature checks as in the bootstrap (BrokerAuth), whose
 * accepted timestamps the RosterStore keeps across restarts. The roster is full from the start, so a member gets
 * Welcome as soon as it is in.
 */
export class L1BrokerGate implements BrokerGate {
  readonly roster: Roster;
  readonly location: string;
  readonly admissionKind = FrameKind.Authenticate;
  private readonly auth: BrokerAuth;
  /** Members admitted in this run, so the log says "joined" the first time (the roster holds every key from the start). */
  private readonly joined = new Set<Hex>();

  /** Throws RosterFileCorruptError when the store holds something unreadable. */
  constructor(
    store: RosterStore,
    private readonly source: L1Roster,
    config: ConsensusConfig,
    maxClockSkewMs: number,
  ) {
    this.roster = Roster.fromStakeTable(source.stakeTable);
    // Timestamps of keys still in the table: a captured Authenticate stays refused after a restart. The stored
    // keys themselves are not used: the table read from L1 is the roster, and the next save replaces them.
    const stored = store.load()?.lastAuthTimestamps ?? {};
    const kept = Object.entries(stored).filter(([key]) => this.roster.indexOf(key as Hex) !== undefined);
    this.location = `StakeTable ${source.address} at L1 block ${source.l1Block} (timestamps in ${store.location})`;
    this.auth = new BrokerAuth(this.roster, store, config, maxClockSkewMs, Object.fromEntries(kept));
  }

  admit(message: AdmissionMessage, nowMs: number): AdmittedKey {
    if (message.kind !== FrameKind.Authenticate) throw new UnexpectedFrameError(message.kind, 'unauthenticated');
    const publicKey = publicKeyToHex(message.publicKey);
    if (this.roster.indexOf(publicKey) === undefined) throw new NotInStakeTableError(publicKey, this.source.l1Block);
    const admitted = this.auth.admit(message, nowMs);
    const isNew = !this.joined.has(publicKey);
    this.joined.add(publicKey);
    return { ...admitted, isNew };
  }
}
