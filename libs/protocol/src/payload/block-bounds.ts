import type { ConsensusConfig } from '../config/consensus-config';
import { DecodeError } from '../errors/decode-errors';

/** The size limits a block must respect (DESIGN.md section 3), taken from the network's consensus config. */
export interface BlockBounds {
  /** Largest transaction payload, in bytes. */
  readonly maxTxBytes: number;
  /** Largest block payload: the sum of its encoded namespace payloads, in bytes. */
  readonly maxBlockBytes: number;
  /** Most transactions in one block. */
  readonly maxBlockTxs: number;
}

/** The name of one bound, as it appears in config, flags and errors. */
export type BlockBound = keyof BlockBounds;

/** Bounds that never bind: for decoding data that was checked against the real bounds before. */
export const UNBOUNDED: BlockBounds = {
  maxTxBytes: Number.MAX_SAFE_INTEGER,
  maxBlockBytes: Number.MAX_SAFE_INTEGER,
  maxBlockTxs: Number.MAX_SAFE_INTEGER,
};

/** The bounds of a network's consensus config. */
export function blockBoundsFromConfig(config: ConsensusConfig): BlockBounds {
  return { maxTxBytes: config.maxTxBytes, maxBlockBytes: config.maxBlockBytes, maxBlockTxs: config.maxBlockTxs };
}

/** A transaction or block breaks one of the configured bounds; `bound` names which. */
export class BoundExceededError extends DecodeError {
  override name = 'BoundExceededError';
  readonly bound: BlockBound;
  readonly limit: number;
  readonly actual: number;

  constructor(bound: BlockBound, limit: number, actual: number) {
    super(`${bound} exceeded: ${actual} > ${limit}`, { details: { bound, limit, actual } });
    this.bound = bound;
    this.limit = limit;
    this.actual = actual;
  }
}

/** Throws BoundExceededError when `actual` is over the `bound` of `bounds`. */
export function assertWithinBound(bounds: BlockBounds, bound: BlockBound, actual: number): void {
  if (actual > bounds[bound]) throw new BoundExceededError(bound, bounds[bound], actual);
}
