import { headerCommitment, type Bytes32, type Header } from '@hotshot/protocol';
import { BaseError } from '@hotshot/protocol';

/** HotShot.sol's most headers per `newBlocks` (one SSTORE2 segment). */
export const HOTSHOT_MAX_HEADERS = 767;

/**
 * The highest height the next `newBlocks` may end at: L1 holds up to `l1Height`, the network has certified up to
 * `latestCertified`, and one call carries at most `maxHeaders`. Undefined when there is nothing to post.
 */
export function postingTarget(l1Height: number, latestCertified: number, maxHeaders: number): number | undefined {
  if (latestCertified <= l1Height) return undefined;
  return Math.min(latestCertified, l1Height + Math.max(1, Math.min(maxHeaders, HOTSHOT_MAX_HEADERS)));
}

/** Headers fetched to post do not continue what L1 holds (another chain, or a node serving something else). */
export class HeaderChainMismatchError extends BaseError {
  override name = 'HeaderChainMismatchError';
  constructor(height: number, expectedParent: Bytes32, gotParent: Bytes32) {
    super('the headers to post do not continue the chain on L1', {
      details: { height, expectedParent, gotParent },
    });
  }
}

/**
 * Checks that `headers` continue the chain whose last commitment on L1 is `l1Commitment` (the parent of the
 * first) and link each to the one before, as HotShot.sol will; throws HeaderChainMismatchError at the first
 * break, before any gas is spent.
 */
export function assertContinues(l1Commitment: Bytes32, headers: readonly Header[]): void {
  let parent = l1Commitment.toLowerCase() as Bytes32;
  for (const header of headers) {
    if (header.parentCommitment.toLowerCase() !== parent) {
      throw new HeaderChainMismatchError(header.height, parent, header.parentCommitment);
    }
    parent = headerCommitment(header);
  }
}
