import {
  checkBlockPayload,
  DecodeError,
  type BlockBounds,
  type BlockPayload,
  type CheckedBlockPayload,
  type Leaf,
} from '@hotshot/protocol';
import type { LeafRecord } from '../types/state';
import type { ConsensusContext } from './context';
import { commitHeader } from './memo';

/** leafProblem's answer for a header whose l1Head is below its parent's; a proposal with it is rejected as such. */
export const L1_HEAD_BACKWARDS = 'l1-head-backwards';

/**
 * The parts of DESIGN.md 4 step 3's validity check that relate a leaf to its parent: the chain id, height =
 * parent + 1, the parent header commitment, the parent's certificate, the view order and the timestamp not
 * before the parent's, and the L1 head not below the parent's (L1_HEAD_BACKWARDS: the finalized L1 block a header
 * names never goes back along a chain, issue 18). Returns what is wrong, or undefined when the leaf fits. The clock
 * half of the timestamp rule is a voting condition (isTimestampAhead), since it depends on the local clock, not the
 * leaf; likewise whether this node's own L1 view knows the head is the shell's to hold back (DESIGN.md 6).
 */
export function leafProblem(ctx: ConsensusContext, leaf: Leaf, parent: LeafRecord): string | undefined {
  const { header } = leaf;
  if (header.chainId !== ctx.config.chainId) return 'chain-id';
  if (leaf.parentLeafCommitment !== parent.commitment) return 'parent-leaf';
  if (leaf.justifyQc.leafCommitment !== parent.commitment || leaf.justifyQc.view !== parent.leaf.view) {
    return 'justify-qc';
  }
  if (leaf.view <= parent.leaf.view) return 'view-order';
  if (header.height !== parent.leaf.header.height + 1) return 'height';
  if (header.parentCommitment !== commitHeader(parent.leaf.header)) return 'parent-header';
  if (!Number.isSafeInteger(header.timestamp) || header.timestamp < parent.leaf.header.timestamp) {
    return 'timestamp-before-parent';
  }
  if (!Number.isSafeInteger(header.l1Head) || header.l1Head < 0) return 'l1-head';
  if (header.l1Head < parent.leaf.header.l1Head) return L1_HEAD_BACKWARDS;
  if (!Number.isSafeInteger(header.payloadSize) || header.payloadSize < 0) return 'payload-size';
  if (header.payloadSize > ctx.bounds.maxBlockBytes) return 'payload-size';
  return undefined;
}

/** Whether a leaf's timestamp is too far ahead of the local clock to vote for it (step 3). */
export function isTimestampAhead(ctx: ConsensusContext, leaf: Leaf, nowMs: number): boolean {
  return leaf.header.timestamp > nowMs + ctx.maxTimestampAheadMs;
}

const checkedPayloads = new WeakMap<BlockPayload, { bounds: BlockBounds; result: CheckedBlockPayload | DecodeError }>();

/**
 * protocol's checkBlockPayload, remembered per payload object and bounds: every replica of a simulation checks
 * the same payload object, and a leader checks its own block again as a replica. Returns the DecodeError instead
 * of throwing it.
 */
export function checkPayload(ctx: ConsensusContext, payload: BlockPayload): CheckedBlockPayload | DecodeError {
  const known = checkedPayloads.get(payload);
  if (known && known.bounds === ctx.bounds) return known.result;
  let result: CheckedBlockPayload | DecodeError;
  try {
    result = checkBlockPayload(payload, ctx.bounds);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    result = error;
  }
  checkedPayloads.set(payload, { bounds: ctx.bounds, result });
  return result;
}

/** The outcome of checking a payload against the header that commits to it. */
export type PayloadCheck =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly reason: 'invalid-payload' | 'invalid-proposal'; readonly detail: string };

/**
 * Checks a payload against its header (step 3: "the payload matches its commitment, size bounds hold"): the
 * payload itself through protocol's checkBlockPayload (structure, hashes, bounds), then the header's
 * payloadCommitment and payloadSize.
 */
export function checkPayloadAgainstHeader(ctx: ConsensusContext, leaf: Leaf, payload: BlockPayload): PayloadCheck {
  const checked = checkPayload(ctx, payload);
  if (checked instanceof DecodeError) return { ok: false, reason: 'invalid-payload', detail: checked.shortMessage };
  if (checked.commitment !== leaf.header.payloadCommitment) {
    return { ok: false, reason: 'invalid-proposal', detail: 'payload-commitment' };
  }
  if (checked.size !== leaf.header.payloadSize)
    return { ok: false, reason: 'invalid-proposal', detail: 'payload-size' };
  return { ok: true, size: checked.size };
}
