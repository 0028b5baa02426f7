import type { ConsensusConfig, StakeTable, StakeTableEntry } from '@hotshot/protocol';
import { readF64, readU256, readU32, readU64, writeF64, writeU256, writeU32, writeU64 } from './bytes';
import { FrameKind } from './frame-kind';
import { MalformedFrameError, UnencodableValueError } from './wire-errors';

/** 48-byte compressed G1 public keys. */
export const PUBLIC_KEY_LENGTH = 48;
/** Bytes of the fixed part of a Welcome body: node index, the config fields and the entry count. */
export const WELCOME_FIXED_BYTES = 4 + 8 + 4 + 8 + 4 * 5 + 4;
/** Bytes of one stake-table entry: the public key and a uint256 stake. */
export const STAKE_ENTRY_BYTES = PUBLIC_KEY_LENGTH + 32;

const U32_MAX = 0xffffffff;

/**
 * Encodes a Welcome body, all integers big-endian:
 * `nodeIndex u32 | chainId u64 | viewTimeoutMs u32 | timeoutRatio f64 | daCommitteeSize u32 | maxTxBytes u32 |
 *  maxBlockBytes u32 | maxBlockTxs u32 | startDelayMs u32 | count u32 | count x (publicKey[48] | stake u256)`.
 */
export function encodeWelcomeBody(nodeIndex: number, config: ConsensusConfig, stakeTable: StakeTable): Uint8Array {
  const body = new Uint8Array(WELCOME_FIXED_BYTES + stakeTable.length * STAKE_ENTRY_BYTES);
  let o = 0;
  const u32 = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
      throw new UnencodableValueError(field, 'not a uint32', value);
    }
    writeU32(body, o, value);
    o += 4;
  };
  u32('nodeIndex', nodeIndex);
  if (config.chainId < 0n || config.chainId >= 2n ** 64n) {
    throw new UnencodableValueError('chainId', 'not a uint64', config.chainId.toString());
  }
  writeU64(body, o, config.chainId);
  o += 8;
  u32('viewTimeoutMs', config.viewTimeoutMs);
  if (!Number.isFinite(config.timeoutRatio)) throw new UnencodableValueError('timeoutRatio', 'not finite');
  writeF64(body, o, config.timeoutRatio);
  o += 8;
  u32('daCommitteeSize', config.daCommitteeSize);
  u32('maxTxBytes', config.maxTxBytes);
  u32('maxBlockBytes', config.maxBlockBytes);
  u32('maxBlockTxs', config.maxBlockTxs);
  u32('startDelayMs', config.startDelayMs);
  u32('stakeTable.length', stakeTable.length);
  for (const entry of stakeTable) {
    if (entry.publicKey.length !== PUBLIC_KEY_LENGTH) {
      throw new UnencodableValueError('stakeTable.publicKey', `expected ${PUBLIC_KEY_LENGTH} bytes`);
    }
    if (entry.stake < 0n || entry.stake >= 2n ** 256n) {
      throw new UnencodableValueError('stakeTable.stake', 'not a uint256', entry.stake.toString());
    }
    body.set(entry.publicKey, o);
    writeU256(body, o + PUBLIC_KEY_LENGTH, entry.stake);
    o += STAKE_ENTRY_BYTES;
  }
  return body;
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
  const nodeIndex = readU32(body, 0);
  const chainId = readU64(body, 4);
  const viewTimeoutMs = readU32(body, 12);
  const timeoutRatio = readF64(body, 16);
  const config: ConsensusConfig = {
    chainId,
    viewTimeoutMs,
    timeoutRatio,
    daCommitteeSize: readU32(body, 24),
    maxTxBytes: readU32(body, 28),
    maxBlockBytes: readU32(body, 32),
    maxBlockTxs: readU32(body, 36),
    startDelayMs: readU32(body, 40),
  };
  const count = readU32(body, 44);
  if (!Number.isFinite(timeoutRatio)) throw bad('timeout ratio is not finite');
  if (count === 0) throw bad('empty stake table');
  if (body.length !== WELCOME_FIXED_BYTES + count * STAKE_ENTRY_BYTES) {
    throw bad('stake table length does not match its count', { count, length: body.length });
  }
  if (nodeIndex >= count) throw bad('node index outside the stake table', { nodeIndex, count });
  const stakeTable: StakeTableEntry[] = [];
  for (let i = 0, o = WELCOME_FIXED_BYTES; i < count; i++, o += STAKE_ENTRY_BYTES) {
    stakeTable.push({
      publicKey: body.slice(o, o + PUBLIC_KEY_LENGTH),
      stake: readU256(body, o + PUBLIC_KEY_LENGTH),
    });
  }
  return { nodeIndex, config, stakeTable };
}
