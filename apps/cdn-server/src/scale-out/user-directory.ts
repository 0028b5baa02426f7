import type { Hex } from 'viem';

/** Where one node's current session is. */
export interface DirectoryEntry {
  readonly broker: string;
  /** The session's epoch (from its permit): a higher one is a newer session. */
  readonly epoch: number;
  readonly index: number;
  readonly topics: number;
}

/** What an update did. */
export interface DirectoryUpdate {
  /** False when the directory knows a newer session of the key and kept it. */
  readonly applied: boolean;
  /** The entry the update replaced or kept. */
  readonly previous: DirectoryEntry | undefined;
}

/**
 * The user-to-broker directory of one broker (pure): every node's newest known session, this broker's and its
 * peers', with the topic mask each broker needs. Updates arrive over separate links in any order, so the epoch
 * decides: an older session never overwrites a newer one, and a departure only removes the very session it names.
 */
export class UserDirectory {
  private readonly entries = new Map<Hex, DirectoryEntry>();
  private readonly byBroker = new Map<string, Set<Hex>>();
  private readonly masks = new Map<string, number>();

  /** Nodes in the directory. */
  get size(): number {
    return this.entries.size;
  }

  /** The node's newest known session. */
  get(publicKey: Hex): DirectoryEntry | undefined {
    return this.entries.get(publicKey);
  }

  /** Records a session unless a newer one of the key is known. */
  upsert(publicKey: Hex, entry: DirectoryEntry): DirectoryUpdate {
    const previous = this.entries.get(publicKey);
    if (previous !== undefined && previous.epoch > entry.epoch) return { applied: false, previous };
    if (previous !== undefined) this.detach(publicKey, previous.broker);
    this.entries.set(publicKey, entry);
    let keys = this.byBroker.get(entry.broker);
    if (keys === undefined) this.byBroker.set(entry.broker, (keys = new Set()));
    keys.add(publicKey);
    this.masks.delete(entry.broker);
    return { applied: true, previous };
  }

  /** Removes the key if its current session is `epoch` on `broker`; returns whether it did. */
  remove(publicKey: Hex, broker: string, epoch: number): boolean {
    const entry = this.entries.get(publicKey);
    if (entry === undefined || entry.broker !== broker || entry.epoch !== epoch) return false;
    this.entries.delete(publicKey);
    this.detach(publicKey, broker);
    return true;
  }

  /** Forgets every node on `broker` (its link is gone); returns their keys. */
  removeBroker(broker: string): Hex[] {
    const keys = [...(this.byBroker.get(broker) ?? [])];
    for (const key of keys) this.entries.delete(key);
    this.byBroker.delete(broker);
    this.masks.delete(broker);
    return keys;
  }

  /** The union of the topics of the nodes on `broker`: a broadcast goes there only if it names one of them. */
  topicsOf(broker: string): number {
    let mask = this.masks.get(broker);
    if (mask === undefined) {
      mask = 0;
      for (const key of this.byBroker.get(broker) ?? []) mask |= this.entries.get(key)!.topics;
      mask >>>= 0;
      this.masks.set(broker, mask);
    }
    return mask;
  }

  /** The nodes on `broker` with their entries. */
  *on(broker: string): IterableIterator<[Hex, DirectoryEntry]> {
    for (const key of this.byBroker.get(broker) ?? []) yield [key, this.entries.get(key)!];
  }

  /** How many nodes are on `broker`. */
  countOn(broker: string): number {
    return this.byBroker.get(broker)?.size ?? 0;
  }

  private detach(publicKey: Hex, broker: string): void {
    const keys = this.byBroker.get(broker);
    keys?.delete(publicKey);
    if (keys?.size === 0) this.byBroker.delete(broker);
    this.masks.delete(broker);
  }
}
