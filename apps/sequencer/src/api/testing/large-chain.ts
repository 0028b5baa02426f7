import {
  buildBlockPayload,
  checkBlockPayload,
  genesisLeaf,
  headerCommitment,
  leafCommitment,
  type Leaf,
} from '@hotshot/protocol';
import type { DecidedBlock } from '@hotshot/storage';

/**
 * A valid chain from genesis with `count` blocks after it, each holding one transaction of `txBytes` bytes in
 * namespace 1 (distinct per height), for back-pressure tests (tests only).
 */
export function buildLargeChain(chainId: bigint, count: number, txBytes: number): DecidedBlock[] {
  const bounds = { maxTxBytes: txBytes, maxBlockBytes: txBytes + 64, maxBlockTxs: 1 };
  const genesis = genesisLeaf(chainId);
  const blocks: DecidedBlock[] = [
    {
      leaf: genesis,
      leafCommitment: leafCommitment(genesis),
      headerCommitment: headerCommitment(genesis.header),
      payload: { namespaceTable: [], namespacePayloads: [] },
    },
  ];
  for (let height = 1; height <= count; height++) {
    const parent = blocks[height - 1]!;
    const bytes = new Uint8Array(txBytes);
    new DataView(bytes.buffer).setUint32(0, height);
    const payload = buildBlockPayload([{ namespace: 1, payload: bytes }], bounds);
    const { commitment, size } = checkBlockPayload(payload, bounds);
    const leaf: Leaf = {
      view: height,
      header: {
        chainId,
        height,
        timestamp: 1_700_000_000_000 + height,
        l1Head: 0,
        parentCommitment: parent.headerCommitment,
        payloadCommitment: commitment,
        payloadSize: size,
      },
      parentLeafCommitment: parent.leafCommitment,
      justifyQc: { ...genesis.justifyQc, view: height - 1, leafCommitment: parent.leafCommitment },
    };
    blocks.push({
      leaf,
      leafCommitment: leafCommitment(leaf),
      headerCommitment: headerCommitment(leaf.header),
      payload,
    });
  }
  return blocks;
}
