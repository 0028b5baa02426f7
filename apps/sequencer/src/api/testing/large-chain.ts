import type { DecidedBlock } from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';

/**
 * A valid chain from genesis with `count` blocks after it, each holding one transaction of `txBytes` bytes in
 * namespace 1 (distinct per height), for back-pressure tests (tests only).
 */
export function buildLargeChain(chainId: bigint, count: number, txBytes: number): DecidedBlock[] {
  const bounds = { maxTxBytes: txBytes, maxBlockBytes: txBytes + 64, maxBlockTxs: 1 };
  const blocks = Array.from({ length: count }, (_, i) => {
    const bytes = new Uint8Array(txBytes);
    new DataView(bytes.buffer).setUint32(0, i + 1);
    return [{ namespace: 1, payload: bytes }];
  });
  return buildDecidedChain(chainId, blocks, bounds);
}
