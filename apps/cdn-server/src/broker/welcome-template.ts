import { writeU32, type ConsensusConfig, type StakeTable } from '@hotshot/protocol';
import { encodeFrame, FRAME_HEADER_BYTES, FrameKind } from '@hotshot/cdn';

/** Bytes of a Welcome frame before the stake table part shared by every node: prefix, kind, node index. */
const WELCOME_HEAD_BYTES = FRAME_HEADER_BYTES + 4;

/**
 * The Welcome frame encoded once for the whole network: each node gets a copy of the few head bytes with its own
 * index, and every node shares the same tail (config and stake table), so a large network costs one encoding.
 */
export class WelcomeTemplate {
  private readonly head: Uint8Array;
  private readonly tail: Uint8Array;

  constructor(config: ConsensusConfig, stakeTable: StakeTable) {
    const frame = encodeFrame({ kind: FrameKind.Welcome, nodeIndex: 0, config, stakeTable });
    this.head = frame.slice(0, WELCOME_HEAD_BYTES);
    this.tail = frame.subarray(WELCOME_HEAD_BYTES);
  }

  /** The frame for node `index`, as a head of its own and the shared tail. */
  partsFor(index: number): { head: Uint8Array; tail: Uint8Array } {
    const head = this.head.slice();
    writeU32(head, FRAME_HEADER_BYTES, index);
    return { head, tail: this.tail };
  }
}
