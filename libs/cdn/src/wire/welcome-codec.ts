import {
  ByteReader,
  ByteWriter,
  PUBLIC_KEY_BYTES,
  UnencodableValueError,
  type ConsensusConfig,
  type StakeTable,
  type StakeTableEntry,
} from '@hotshot/protocol';
import { FrameKind } from './frame-kind';
import { MalformedFrameError } from './wire-errors';

/** Bytes of the fixed part of a Welcome body: node index, the config fields and the entry count. */
export const WELCOME_FIXED_BYTES = 4 + 8 + 4 + 8 + 4 * 5 + 4;
/** Bytes of one stake-table entry: the public key and a uint256 stake. */
export const STAKE_ENTRY_BYTES = PUBLIC_KEY_BYTES + 32;

/**
 * Encodes a Welcome body, all integers big-endian:
 * `nodeIndex u32 | chainId u64 | viewTimeoutMs u32 | timeoutRatio f64 | daCommitteeSize u32 | maxTxBytes u32 |
 *  maxBlockBytes u32 | maxBlockTxs u32 | startDelayMs u32 | count u32 | count x (publicKey[48] | stake u256)`.
 * Throws UnencodableValueError for a value the layout cannot hold.
 */
export function encodeWelcomeBody(nodeIndex: number, config: ConsensusConfig, stakeTable: StakeTable): Uint8Array {
  const w = new ByteWriter(WELCOME_FIXED_BYTES + stakeTable.length * STAKE_ENTRY_BYTES);
  w.u32(nodeIndex, 'nodeIndex');
  w.u64Big(config.chainId, 'chainId');
  w.u32(config.viewTimeoutMs, 'viewTimeoutMs');
  w.f64(config.timeoutRatio, 'timeoutRatio');
  w.u32(config.daCommitteeSize, 'daCommitteeSize');
  w.u32(config.maxTxBytes, 'maxTxBytes');
  w.u32(config.maxBlockBytes, 'maxBlockBytes');
  w.u32(config.maxBlockTxs, 'maxBlockTxs');
  w.u32(config.startDelayMs, 'startDelayMs');
  w.u32(stakeTable.length, 'stakeTable.length');
  for (const entry of stakeTable) {
    if (entry.publicKey.length !== PUBLIC_KEY_BYTES) {
      throw new UnencodableValueError('stakeTable.publicKey', `expected ${PUBLIC_KEY_BYTES} bytes`);
    }
    w.raw(entry.publicKey);
    w.u256(entry.stake, 'stakeTable.stake');
  }
  return w.finish();
}

/** Decodes a Welcome body (see encodeWelcomeBody); throws MalformedFrameError on any layout violation. */
export function decodeWelcomeBody(body: Uint8Array): {
  nodeIndex: number;
  config: ConsensusConfig;
  stakeTable: StakeTable;
} {
  const bad = (reason: string, details?: Record<string, unknown>) =>
    new MalformedFrameError(FrameKind.Welcome, reason, details);
  if (body.length < WELCOME_FIXED_BYTES) throw bad('shorter than its fixed part', { length: body.length });
  // Both lengths are checked before a read that depends on them, so the cursor never runs off the end here.
  const r = new ByteReader(body, 'welcome');
  const nodeIndex = r.u32('nodeIndex');
  const config: ConsensusConfig = {
    chainId: r.u64Big('chainId'),
    viewTimeoutMs: r.u32('viewTimeoutMs'),
    timeoutRatio: r.f64('timeoutRatio'),
    daCommitteeSize: r.u32('daCommitteeSize'),
    maxTxBytes: r.u32('maxTxBytes'),
    maxBlockBytes: r.u32('maxBlockBytes'),
    maxBlockTxs: r.u32('maxBlockTxs'),
    startDelayMs: r.u32('startDelayMs'),
  };
  const count = r.u32('count');
  if (!Number.isFinite(config.timeoutRatio)) throw bad('timeout ratio is not finite');
  if (count === 0) throw bad('empty stake table');
  if (body.length !== WELCOME_FIXED_BYTES + count * STAKE_ENTRY_BYTES) {
    throw bad('stake table length does not match its count', { count, length: body.length });
  }
  if (nodeIndex >= count) throw bad('node index outside the stake table', { nodeIndex, count });
  const stakeTable: StakeTableEntry[] = [];
  for (let i = 0; i < count; i++) {
    stakeTable.push({ publicKey: r.copy(PUBLIC_KEY_BYTES, 'publicKey'), stake: r.u256('stake') });
  }
  return { nodeIndex, config, stakeTable };
}
