import type { Bytes32, QuorumCertificate } from '@hotshot/protocol';
import type { DecideProof, LeafRecord } from '../types/state';
import { verifyQc } from './certificates';
import { filterEntries } from './collections';
import { withCheckedPayload, type FetchedLeaf } from './fetched-chain';
import { insertLeaf } from './leaf-tree';
import { leafProblem } from './leaf-validation';
import { commitLeaf } from './memo';
import type { StepScope } from './scope';
import { learnQc } from './view-change';

/** A leaf some two-chain proves decided, and whether its QC still needs verifying (a peer's proof). */
interface Candidate {
  readonly base: FetchedLeaf;
  readonly proof: DecideProof;
  readonly childCommitment: Bytes32;
  readonly fromPeer: boolean;
}

/** What a warm start did: whether it jumped, and why it refused a peer's leaves or proof, if it did. */
export interface WarmStartOutcome {
  readonly jumped: boolean;
  readonly problem?: string;
}

/**
 * Warm start (DESIGN.md 6): fetched leaves that do not reach the tree, with a decided leaf among them more than
 * warmStartGap heights above the last decided one. Rather than fetch and check every height between, the node
 * adopts that leaf as its new last decided leaf, on a two-chain (step 5): a child one view above it, and a QC on
 * the child. The QC is one this node verified already (the fetched top is certified by its highQc, say), or the
 * peer's proof, which costs one verification. The history below it is checked by hash link only. lastActionedView,
 * highQc and the view never move down, so a jump never lets the node act twice in a view.
 */
export function tryWarmStart(
  scope: StepScope,
  index: ReadonlyMap<Bytes32, FetchedLeaf>,
  qcs: ReadonlyMap<Bytes32, QuorumCertificate>,
  peerProof: DecideProof | undefined,
): WarmStartOutcome {
  const { ctx, state: s } = scope;
  const candidate = bestCandidate(scope, index, qcs, peerProof);
  if (!candidate || candidate.base.leaf.header.height - s.lastDecided.leaf.header.height <= ctx.warmStartGap) {
    return { jumped: false };
  }
  const { base, proof, childCommitment } = candidate;
  const { qc, child } = proof;
  if (
    child.parentLeafCommitment !== base.commitment ||
    child.view !== base.leaf.view + 1 ||
    qc.leafCommitment !== childCommitment ||
    qc.view !== child.view ||
    base.leaf.view <= s.lastDecided.leaf.view ||
    leafProblem(ctx, child, base) !== undefined ||
    (candidate.fromPeer && !verifyQc(scope, qc))
  ) {
    return { jumped: false, problem: 'decide-proof' };
  }
  const history = historyBelow(scope, index, base);
  if (history.leaves.length === 0) return { jumped: false, ...(history.problem ? { problem: history.problem } : {}) };

  const adopted = history.leaves[history.leaves.length - 1];
  scope.emit({
    kind: 'Decide',
    leaves: history.leaves.map(({ leaf, commitment, payload }) => ({ leaf, commitment, payload })),
    qc,
    child,
    jumpedFrom: s.lastDecided.leaf.header.height,
  });
  s.lastDecided = adopted;
  s.decideProof = proof;
  s.leaves = new Map([[adopted.commitment, adopted]]);
  s.pending = filterEntries(s.pending, (view) => view > adopted.leaf.view);
  s.build = undefined;
  scope.persist();
  const fetchedChild = index.get(childCommitment);
  insertLeaf(
    scope,
    fetchedChild ? withCheckedPayload(scope, fetchedChild) : { leaf: child, commitment: childCommitment },
  );
  learnQc(scope, qc, { forward: false });
  return { jumped: true, ...(history.problem ? { problem: history.problem } : {}) };
}

/**
 * The highest leaf a two-chain proves decided: a fetched leaf certified by a QC this node verified whose fetched
 * parent is one view below it (free), or else the peer's proof.
 */
function bestCandidate(
  scope: StepScope,
  index: ReadonlyMap<Bytes32, FetchedLeaf>,
  qcs: ReadonlyMap<Bytes32, QuorumCertificate>,
  peerProof: DecideProof | undefined,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const [commitment, qc] of qcs) {
    const top = index.get(commitment);
    const base = top && index.get(top.leaf.parentLeafCommitment);
    if (!top || !base || qc.view !== top.leaf.view || base.leaf.view + 1 !== top.leaf.view) continue;
    if (leafProblem(scope.ctx, top.leaf, base)) continue;
    if (!best || base.leaf.header.height > best.base.leaf.header.height) {
      best = { base, proof: { qc, child: top.leaf }, childCommitment: commitment, fromPeer: false };
    }
  }
  const peerBase = peerProof && index.get(peerProof.child.parentLeafCommitment);
  if (peerProof && peerBase && (!best || peerBase.leaf.header.height > best.base.leaf.header.height)) {
    best = { base: peerBase, proof: peerProof, childCommitment: commitLeaf(peerProof.child), fromPeer: true };
  }
  return best;
}

/**
 * The adopted leaf and up to warmStartHistory - 1 fetched ancestors, lowest first, each linked by hash to the one
 * above and checked against its own parent (so the node never stores a leaf whose uncommitted justifyQc fields it
 * could not check). Stops at the first missing link, or at a leaf that does not fit its parent (the peer's doing).
 */
function historyBelow(
  scope: StepScope,
  index: ReadonlyMap<Bytes32, FetchedLeaf>,
  base: FetchedLeaf,
): { leaves: LeafRecord[]; problem?: string } {
  const leaves: LeafRecord[] = [];
  let cursor = base;
  while (leaves.length < scope.ctx.warmStartHistory) {
    const parent = index.get(cursor.leaf.parentLeafCommitment);
    if (!parent) break;
    const problem = leafProblem(scope.ctx, cursor.leaf, parent);
    if (problem) return { leaves: leaves.reverse(), problem };
    leaves.push(withCheckedPayload(scope, cursor));
    cursor = parent;
  }
  return { leaves: leaves.reverse() };
}
