import type { Bytes32, QuorumCertificate } from '@hotshot/protocol';
import type { LeafRecord, StoredLeaf } from '../types/state';
import { checkPayloadAgainstHeader, leafProblem } from './leaf-validation';
import { insertLeaf, WARM_START_MARGIN } from './leaf-tree';
import { commitLeaf } from './memo';
import type { StepScope } from './scope';

/*
 * Fetched leaves are taken by hash link. A leaf's commitment covers its view, its header (whose parentCommitment
 * covers the parent header) and its parent's commitment, so the ancestors of a leaf a verified QC certifies are
 * exactly the leaves that link down from it, and each of them was certified in its time (honest nodes vote only
 * on a valid parent). One verified QC thus covers a whole fetched chain. A leaf's justifyQc certificate is the one
 * part no commitment covers: a relaying peer may have forged it, so fetched leaves' certificates are never
 * learned, never used to decide, and never blamed on the peer that relayed them.
 */

/** A fetched leaf with its commitment. */
export type FetchedLeaf = LeafRecord;

/**
 * Leaves hashed per fetch beyond the gap or history the node wants: a warm-start request's margin below the
 * certified top, the top itself, and the parent that checks the lowest history leaf.
 */
const FETCH_SLACK = WARM_START_MARGIN + 2;

/**
 * The fetched leaves above the last decided height by commitment, hashing at most what a catch-up or warm start
 * can use: the highest max(warmStartGap, warmStartHistory) + FETCH_SLACK of them.
 */
export function indexFetched(scope: StepScope, leaves: readonly StoredLeaf[]): Map<Bytes32, FetchedLeaf> {
  const { ctx, state: s } = scope;
  const floor = s.lastDecided.leaf.header.height;
  const limit = Math.max(ctx.warmStartGap, ctx.warmStartHistory) + FETCH_SLACK;
  const above = leaves
    .filter((stored) => Number.isSafeInteger(stored.leaf.header.height) && stored.leaf.header.height > floor)
    .sort((a, b) => b.leaf.header.height - a.leaf.header.height)
    .slice(0, limit);
  const index = new Map<Bytes32, FetchedLeaf>();
  for (const stored of above) {
    const commitment = commitLeaf(stored.leaf);
    if (!index.has(commitment)) index.set(commitment, { ...stored, commitment });
  }
  return index;
}

/** The QCs this node verified, by the leaf they certify: highQc, held-back proposals' and the cached ones. */
export function verifiedQcs(scope: StepScope): Map<Bytes32, QuorumCertificate> {
  const s = scope.state;
  const qcs = new Map<Bytes32, QuorumCertificate>();
  for (const [key, certificate] of s.verified) {
    const [kind, view, leafCommitment] = key.split(':');
    if (kind === 'q')
      qcs.set(leafCommitment as Bytes32, {
        view: Number(view),
        leafCommitment: leafCommitment as Bytes32,
        certificate,
      });
  }
  for (const pending of s.pending.values()) {
    const qc = pending.message.leaf.justifyQc;
    qcs.set(qc.leafCommitment, qc);
  }
  qcs.set(s.highQc.leafCommitment, s.highQc);
  return qcs;
}

/** What attaching fetched chains did. */
export interface AttachOutcome {
  /** Leaves added to the tree. */
  readonly added: number;
  /** The verified QCs whose leaves were attached, to learn and decide on. */
  readonly certified: readonly QuorumCertificate[];
  /** Why a leaf was refused (its uncommitted justifyQc fields do not fit its parent): the peer's fault. */
  readonly problem?: string;
}

/**
 * Adds to the tree every fetched chain that runs from a leaf a verified QC certifies down to a leaf the tree
 * holds, each leaf checked against its parent like a proposal (DESIGN.md 4 step 3, without the clock rule: a
 * certified leaf was voted for by honest nodes at its time). Chains that do not reach the tree are left alone.
 */
export function attachFetched(
  scope: StepScope,
  index: ReadonlyMap<Bytes32, FetchedLeaf>,
  qcs: ReadonlyMap<Bytes32, QuorumCertificate>,
): AttachOutcome {
  const { ctx } = scope;
  let added = 0;
  let problem: string | undefined;
  const certified: QuorumCertificate[] = [];
  for (const [commitment, qc] of qcs) {
    const top = index.get(commitment);
    if (!top || scope.state.leaves.has(commitment) || qc.view !== top.leaf.view) continue;
    const chain = chainDownToTree(scope, index, top);
    if (!chain) continue;
    for (const record of chain) {
      const parent = scope.state.leaves.get(record.leaf.parentLeafCommitment)!;
      const wrong = leafProblem(ctx, record.leaf, parent);
      if (wrong) {
        problem ??= wrong;
        break;
      }
      if (insertLeaf(scope, withCheckedPayload(scope, record))) added++;
    }
    if (scope.state.leaves.has(commitment)) certified.push(qc);
  }
  return { added, certified, ...(problem ? { problem } : {}) };
}

/** The fetched leaves from `top` down to the first whose parent the tree holds, lowest first; undefined if none. */
function chainDownToTree(
  scope: StepScope,
  index: ReadonlyMap<Bytes32, FetchedLeaf>,
  top: FetchedLeaf,
): FetchedLeaf[] | undefined {
  const chain = [top];
  let cursor = top;
  while (!scope.state.leaves.has(cursor.leaf.parentLeafCommitment)) {
    const parent = index.get(cursor.leaf.parentLeafCommitment);
    // Commitments cannot cycle, but a bound costs nothing.
    if (!parent || chain.length > index.size) return undefined;
    chain.push(parent);
    cursor = parent;
  }
  return chain.reverse();
}

/** The record with its payload only if the payload matches the header: a certified leaf stays, a bad payload goes. */
export function withCheckedPayload(scope: StepScope, record: FetchedLeaf): LeafRecord {
  const { leaf, commitment, payload } = record;
  const ok = payload !== undefined && checkPayloadAgainstHeader(scope.ctx, leaf, payload).ok;
  return ok ? { leaf, commitment, payload } : { leaf, commitment };
}
