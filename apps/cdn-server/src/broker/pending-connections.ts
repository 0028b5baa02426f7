import { isIPv6 } from 'node:net';
import type { PendingLimitScope } from './broker-errors';

/** A connection awaiting authentication, as the pending-connection limits see it. */
export interface PendingConnection {
  /** Ascends in arrival order. */
  readonly id: number;
  /** The peer's address group (see addressGroup). */
  readonly addressGroup: string;
  /** Set once the connection is being closed: it no longer holds a place. */
  readonly closing: boolean;
  /** Set while its admission frame is being decided: it has shown a key and cannot be evicted. */
  readonly admitting: boolean;
}

/** What to do with a new connection (issue 17, finding 3). */
export type PendingDecision<C> =
  | { readonly kind: 'accept' }
  | { readonly kind: 'evict'; readonly victim: C }
  | { readonly kind: 'refuse'; readonly scope: PendingLimitScope; readonly limit: number };

/**
 * The address a limit counts by: an IPv4 address (IPv4-mapped IPv6 included) as is, an IPv6 address by its /64,
 * which one host usually gets whole.
 */
export function addressGroup(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown';
  if (remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.')) return remoteAddress.slice(7);
  if (!isIPv6(remoteAddress)) return remoteAddress;
  const [head, tail = ''] = remoteAddress.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = remoteAddress.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Connections awaiting authentication, grouped by address, in arrival order. A stranger without a key can hold at
 * most `perAddress` places; at the global limit a newcomer takes the place of the oldest pending connection of the
 * address holding the most, as long as that address holds more than the newcomer's own (max-min fairness), so
 * strangers from a few addresses cannot keep a member at another address from reaching the broker.
 * Connections being closed or being admitted are never counted or evicted.
 */
export class PendingConnections<C extends PendingConnection> {
  private readonly groups = new Map<string, C[]>();

  constructor(
    private readonly globalLimit: number,
    private readonly perAddress: number,
  ) {}

  /** Decides on a connection from `group` that has just arrived (not yet added). */
  decide(group: string): PendingDecision<C> {
    const own = this.live(group);
    if (own.length >= this.perAddress) return { kind: 'refuse', scope: 'per_address', limit: this.perAddress };
    let total = 0;
    let largest: C[] = [];
    for (const key of [...this.groups.keys()]) {
      const members = this.live(key);
      total += members.length;
      if (members.length > largest.length || (members.length === largest.length && older(members, largest))) {
        largest = members;
      }
    }
    if (total < this.globalLimit) return { kind: 'accept' };
    const victim = largest.length > own.length ? largest.find((c) => !c.admitting) : undefined;
    if (victim === undefined) return { kind: 'refuse', scope: 'global', limit: this.globalLimit };
    return { kind: 'evict', victim };
  }

  /** Adds an accepted connection. */
  add(connection: C): void {
    const members = this.groups.get(connection.addressGroup);
    if (members) members.push(connection);
    else this.groups.set(connection.addressGroup, [connection]);
  }

  /** Removes a connection that was admitted or closed. */
  remove(connection: C): void {
    const members = this.groups.get(connection.addressGroup);
    if (!members) return;
    const at = members.indexOf(connection);
    if (at >= 0) members.splice(at, 1);
    if (members.length === 0) this.groups.delete(connection.addressGroup);
  }

  /** Pending connections that hold a place right now. */
  get size(): number {
    let total = 0;
    for (const key of [...this.groups.keys()]) total += this.live(key).length;
    return total;
  }

  /** The group's members that still hold a place, dropping those being closed. */
  private live(group: string): C[] {
    const members = this.groups.get(group);
    if (!members) return [];
    if (members.some((c) => c.closing)) {
      const open = members.filter((c) => !c.closing);
      if (open.length === 0) this.groups.delete(group);
      else this.groups.set(group, open);
      return open;
    }
    return members;
  }
}

/** Whether the oldest of `a` arrived before the oldest of `b` (each group is in arrival order). */
function older(a: readonly PendingConnection[], b: readonly PendingConnection[]): boolean {
  return b.length === 0 || (a.length > 0 && a[0].id < b[0].id);
}
