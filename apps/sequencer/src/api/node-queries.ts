import type { Header } from '@hotshot/protocol';
import { BadRequestError, HeightPrunedError, NotFoundError } from './api-errors';
import { AvailabilityReader, MAX_RANGE } from './availability-reader';

/** The headers whose timestamps fall in a window, with the neighbours that prove none was left out. */
export interface HeaderWindow {
  readonly window: readonly Header[];
  /** The header before the window's first; undefined when the window starts at genesis. */
  readonly prev?: Header;
  /** The first header at or after the window's end; undefined when the answer is incomplete. */
  readonly next?: Header;
}

/** This node's store against the chain it should hold (`/v0/node/sync-status`). */
export interface SyncStatus {
  readonly missingBlocks: number;
  readonly missingLeaves: number;
  readonly prunedHeight: number | null;
  readonly earliestHeight: number | null;
  readonly latestHeight: number | null;
}

/**
 * The headers with `start <= timestamp < end` (ms), in height order, at most MAX_RANGE of them. Timestamps never
 * decrease along the chain (a proposal's is not before its parent's), so the first is found by binary search.
 * Throws HeightPrunedError when the window may begin below what this node holds.
 */
export async function headerWindow(reader: AvailabilityReader, start: number, end: number): Promise<HeaderWindow> {
  if (end < start) throw new BadRequestError(`end (${end}) must not be below start (${start})`, { field: 'end' });
  const { earliest, latest } = await heldRange(reader);
  let low = earliest;
  let high = latest + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await headerAt(reader, middle)).timestamp >= start) high = middle;
    else low = middle + 1;
  }
  return windowFrom(reader, low, end, earliest, latest);
}

/** The headers from `height` on with `timestamp < end` (ms): how a client continues an incomplete window. */
export async function headerWindowFrom(reader: AvailabilityReader, height: number, end: number): Promise<HeaderWindow> {
  const { earliest, latest } = await heldRange(reader);
  return windowFrom(reader, height, end, earliest, latest);
}

/** Missing payloads and heights, and what was pruned, from three counts of the store. */
export async function syncStatus(reader: AvailabilityReader): Promise<SyncStatus> {
  const [stored, storedEarliest, latest, earliest] = await Promise.all([
    reader.store.countStored(),
    reader.store.earliestHeight(),
    reader.store.latestHeight(),
    reader.earliestHeight(),
  ]);
  const span = storedEarliest === undefined || latest === undefined ? 0 : latest - storedEarliest + 1;
  return {
    missingBlocks: stored.leaves - stored.payloads,
    missingLeaves: Math.max(0, span - stored.leaves),
    // Genesis is served without being stored, so a store that begins at 1 has pruned nothing.
    prunedHeight: storedEarliest !== undefined && storedEarliest > 1 ? storedEarliest - 1 : null,
    earliestHeight: earliest ?? null,
    latestHeight: latest ?? (earliest === 0 ? 0 : null),
  };
}

async function windowFrom(
  reader: AvailabilityReader,
  first: number,
  end: number,
  earliest: number,
  latest: number,
): Promise<HeaderWindow> {
  // Without the header before the window, nothing proves no earlier header belonged in it.
  if (first > 0 && first - 1 < earliest) throw new HeightPrunedError(first - 1, earliest);
  const prev = first > 0 && first - 1 <= latest ? await headerAt(reader, first - 1) : undefined;
  const blocks = first <= latest ? await reader.range(first, Math.min(first + MAX_RANGE, latest + 1)) : [];
  const window: Header[] = [];
  for (const { leaf } of blocks) {
    if (leaf.header.timestamp >= end) return { window, prev, next: leaf.header };
    window.push(leaf.header);
  }
  return { window, prev };
}

async function heldRange(reader: AvailabilityReader): Promise<{ earliest: number; latest: number }> {
  const [earliest, latest] = await Promise.all([reader.earliestHeight(), reader.store.latestHeight()]);
  if (earliest === undefined) throw new NotFoundError('this node holds no headers yet');
  return { earliest, latest: latest ?? earliest };
}

async function headerAt(reader: AvailabilityReader, height: number): Promise<Header> {
  const header = await reader.header(height);
  if (!header) return reader.missing(height, 'header');
  return header;
}
