import {
  buildBlockPayload,
  checkBlockPayload,
  genesisLeaf,
  headerCommitment,
  leafCommitment,
  type BlockBounds,
  type BlockPayload,
  type Leaf,
  type Transaction,
} from '@hotshot/protocol';
import type { DecidedBlock } from '../availability-store';

const DEFAULT_BOUNDS: BlockBounds = { maxTxBytes: 1024, maxBlockBytes: 1 << 20, maxBlockTxs: 1000 };

/**
 * Builds a valid chain of decided blocks from genesis, with the given transactions per height, within `bounds`
 * (tests only).
 */
export function buildDecidedChain(
  chainId: bigint,
  txsPerBlock: readonly (readonly Transaction[])[],
  bounds: BlockBounds = DEFAULT_BOUNDS,
): DecidedBlock[] {
  const genesis = genesisLeaf(chainId);
  const blocks: DecidedBlock[] = [
    {
      leaf: genesis,
      leafCommitment: leafCommitment(genesis),
      headerCommitment: headerCommitment(genesis.header),
      payload: { namespaceTable: [], namespacePayloads: [] },
    },
  ];
  for (const [i, txs] of txsPerBlock.entries()) {
    const parent = blocks[blocks.length - 1]!;
    const payload: BlockPayload = buildBlockPayload(txs, bounds);
    const { commitment, size } = checkBlockPayload(payload, bounds);
    const leaf: Leaf = {
      view: i + 1,
      header: {
        chainId,
        height: i + 1,
        timestamp: 1_700_000_000_000 + i,
        l1Head: 0,
        parentCommitment: parent.headerCommitment,
        payloadCommitment: commitment,
        payloadSize: size,
      },
      parentLeafCommitment: parent.leafCommitment,
      justifyQc: {
        view: i,
        leafCommitment: parent.leafCommitment,
        certificate: { signers: new Uint8Array([0b111]), signature: new Uint8Array(96).fill(i) },
      },
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
