import type { Bytes32, QuorumCertificate } from '@hotshot/protocol';
import type { DecidedLeaf } from '../types/effects';
import type { LeafRecord } from '../types/state';
import { filterEntries, withEntry } from './collections';
import type { StepScope } from './scope';

/**
 * Adds a validated leaf whose justifyQc this node verified to the block tree (its parent is in the tree) and
 * decides what it completes.
 */
export function addLeaf(scope: StepScope, record: LeafRecord): void {
  if (!insertLeaf(scope, record)) return;
  tryDecide(scope, record.leaf.justifyQc);
  tryDecide(scope, scope.state.highQc);
}

/**
 * Adds a validated leaf to the block tree without applying the commit rule to its justifyQc (fetched leaves,
 * whose certificates this node did not verify). Returns whether the tree changed.
 */
export function insertLeaf(scope: StepScope, record: LeafRecord): boolean {
  const s = scope.state;
  const known = s.leaves.get(record.commitment);
  if (known && (known.payload || !record.payload)) return false;
  s.leaves = withEntry(s.leaves, record.commitment, record);
  scope.persist();
  return true;
}

/**
 * The commit rule (DESIGN.md 4 step 5): when `qc` certifies leaf P whose parent G has G.view + 1 == P.view, G
 * and its undecided ancestors are decided, in height order. Emits Decide and prunes the tree to G's subtree.
 */
export function tryDecide(scope: StepScope, qc: QuorumCertificate): void {
  const s = scope.state;
  const child = s.leaves.get(qc.leafCommitment);
  if (!child) return;
  const grandparent = s.leaves.get(child.leaf.parentLeafCommitment);
  if (!grandparent || grandparent.leaf.view + 1 !== child.leaf.view) return;
  if (grandparent.leaf.header.height <= s.lastDecided.leaf.header.height) return;

  const chain: DecidedLeaf[] = [];
  let cursor: LeafRecord | undefined = grandparent;
  while (cursor && cursor.commitment !== s.lastDecided.commitment) {
    chain.push({ leaf: cursor.leaf, commitment: cursor.commitment, payload: cursor.payload });
    cursor = s.leaves.get(cursor.leaf.parentLeafCommitment);
  }
  // The tree only holds descendants of the last decided leaf, so the walk always ends there.
  if (!cursor) return;
  chain.reverse();
  scope.emit({ kind: 'Decide', leaves: chain, qc, child: child.leaf });
  s.lastDecided = grandparent;
  s.decideProof = { qc, child: child.leaf };
  s.leaves = filterEntries(s.leaves, (_, record) => descendsFrom(s.leaves, record, grandparent));
  const decidedView = grandparent.leaf.view;
  s.pending = filterEntries(s.pending, (view) => view > decidedView);
  scope.persist();
}

/** Whether `record` is `ancestor` or lies above it in the tree. */
function descendsFrom(leaves: ReadonlyMap<Bytes32, LeafRecord>, record: LeafRecord, ancestor: LeafRecord): boolean {
  let cursor: LeafRecord | undefined = record;
  const height = ancestor.leaf.header.height;
  while (cursor && cursor.leaf.header.height > height) cursor = leaves.get(cursor.leaf.parentLeafCommitment);
  return cursor?.commitment === ancestor.commitment;
}

/** Heights below a certified leaf a warm-start request reaches beyond the history, for the decided leaf under it. */
export const WARM_START_MARGIN = 2;

/**
 * Asks the shell for a certified leaf the node lacks and its ancestors (catch-up), at most once per view and
 * leaf; the view timer asks again. When the leaf's `height` is known and lies more than warmStartGap above the
 * last decided leaf, only the recent history is asked for: the node will warm-start on it (see warm-start.ts).
 */
export function requestLeaves(
  scope: StepScope,
  leafCommitment: Bytes32,
  view: number,
  peer?: number,
  height?: number,
): void {
  const { ctx, state: s } = scope;
  if (s.requested.get(leafCommitment) === s.view) return;
  s.requested = withEntry(s.requested, leafCommitment, s.view);
  const decided = s.lastDecided.leaf.header.height;
  const far = height !== undefined && height - decided > ctx.warmStartGap;
  scope.emit({
    kind: 'RequestLeaves',
    leafCommitment,
    view,
    fromHeight: far ? Math.max(decided + 1, height - ctx.warmStartHistory - WARM_START_MARGIN) : decided + 1,
    ...(peer === undefined ? {} : { peer }),
  });
}
