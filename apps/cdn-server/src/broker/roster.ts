import type { StakeTable } from '@hotshot/protocol';
import { bytesToHex, hexToBytes, type Hex } from 'viem';

/** The result of admitting a key: its index, and whether it is new to the roster. */
export interface Admission {
  readonly index: number;
  readonly isNew: boolean;
}

/**
 * The network's members in join order (pure; persistence is RosterStore's job). Join order assigns indices;
 * a key keeps its index forever; once `expectedNodes` keys are in, no other key is admitted. A roster made from a
 * stake table read from L1 (`fromStakeTable`) is full from the start, in the table's order and with its stakes.
 */
export class Roster {
  private readonly keys: Hex[] = [];
  private readonly indexByKey = new Map<string, number>();

  /** Stakes by index when the roster came from a stake table; otherwise every member has stake 1. */
  private stakes: readonly bigint[] | undefined;

  constructor(
    readonly expectedNodes: number,
    initialKeys: readonly Hex[] = [],
  ) {
    for (const key of initialKeys) this.add(key);
  }

  /** The roster of a stake table (keys distinct, as selectStakeTable makes them): full, indices and stakes as given. */
  static fromStakeTable(table: StakeTable): Roster {
    const roster = new Roster(
      table.length,
      table.map((entry) => bytesToHex(entry.publicKey)),
    );
    roster.stakes = table.map((entry) => entry.stake);
    return roster;
  }

  /** Keys admitted so far. */
  get size(): number {
    return this.keys.length;
  }

  /** Whether all expected keys are in, i.e. the network has started. */
  get isFull(): boolean {
    return this.keys.length >= this.expectedNodes;
  }

  /** The index of a key (lower-case 0x hex), or undefined when it is not in the roster. */
  indexOf(publicKey: Hex): number | undefined {
    return this.indexByKey.get(publicKey);
  }

  /** The key at `index`. */
  keyAt(index: number): Hex | undefined {
    return this.keys[index];
  }

  /** Admits a key: its old index, a new one while there is room, or undefined when the roster is full. */
  admit(publicKey: Hex): Admission | undefined {
    const known = this.indexByKey.get(publicKey);
    if (known !== undefined) return { index: known, isNew: false };
    if (this.isFull) return undefined;
    return { index: this.add(publicKey), isNew: true };
  }

  /** Undoes the admission of the last key (when persisting it failed). */
  revokeLast(publicKey: Hex): void {
    if (this.keys[this.keys.length - 1] !== publicKey) return;
    this.keys.pop();
    this.indexByKey.delete(publicKey);
  }

  /** The keys in index order. */
  publicKeys(): readonly Hex[] {
    return [...this.keys];
  }

  /** The stake table handed out in Welcome: every member in index order, with its stake (1 each in join order). */
  stakeTable(): StakeTable {
    return this.keys.map((key, index) => ({ publicKey: hexToBytes(key), stake: this.stakes?.[index] ?? 1n }));
  }

  private add(publicKey: Hex): number {
    const index = this.keys.length;
    this.keys.push(publicKey);
    this.indexByKey.set(publicKey, index);
    return index;
  }
}
