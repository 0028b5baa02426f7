import {
  decodeFunctionData,
  encodeAbiParameters,
  keccak256,
  zeroHash,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem';
import { headerFromArg, hotShotAbi, zkEvmRollupAbi, type HeaderArg } from '@hotshot/l1';
import { headerCommitment, type Header } from '@hotshot/protocol';

/** One height of a sequencing call, read back from L1 calldata. */
export interface PostedBatch {
  readonly height: number;
  readonly header: Header;
  readonly namespaceTable: readonly { namespace: number; txCount: number; payloadHash: Hex }[];
  /** Phase I only: the namespace's transactions. */
  readonly transactions?: readonly Hex[];
}

/** The batches of one sequencing transaction, decoded from its calldata (the data really is on L1). */
export async function postedBatches(l1: PublicClient, hash: Hash): Promise<PostedBatch[]> {
  const tx = await l1.getTransaction({ hash });
  const decoded = decodeFunctionData({ abi: zkEvmRollupAbi, data: tx.input });
  if (decoded.functionName !== 'sequenceBatches' && decoded.functionName !== 'sequenceBatchCommitments') {
    throw new Error(`unexpected call ${decoded.functionName}`);
  }
  const batches = decoded.args[0] as readonly {
    header: HeaderArg;
    namespaceTable: readonly { namespace: number; txCount: number; payloadHash: Hex }[];
    transactions?: readonly Hex[];
  }[];
  return batches.map((batch) => ({
    height: Number(batch.header.height),
    header: headerFromArg(batch.header),
    namespaceTable: batch.namespaceTable,
    ...(batch.transactions && { transactions: batch.transactions }),
  }));
}

/** The headers and certificate of one `newBlocks` transaction, decoded from its calldata. */
export async function postedNewBlocks(
  l1: PublicClient,
  hash: Hash,
): Promise<{
  headers: Header[];
  signers: Hex;
  signature: Record<string, Hex>;
  headerArgs: readonly HeaderArg[];
  blockNumber: bigint;
}> {
  const tx = await l1.getTransaction({ hash });
  const decoded = decodeFunctionData({ abi: hotShotAbi, data: tx.input });
  if (decoded.functionName !== 'newBlocks') throw new Error(`unexpected call ${decoded.functionName}`);
  const [headers, cert] = decoded.args as unknown as [
    readonly HeaderArg[],
    { signers: Hex; signature: Record<string, Hex> },
  ];
  return {
    headers: headers.map(headerFromArg),
    signers: cert.signers,
    signature: cert.signature,
    headerArgs: headers,
    blockNumber: tx.blockNumber!,
  };
}

/** The rollup's accumulated input hash after `height`, as ZkEvmRollup._accumulate computes it. */
export function accumulate(acc: Hex, height: number, header: Header, payloadHash: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [acc, BigInt(height), headerCommitment(header), payloadHash],
    ),
  );
}

// The rollup's payload hash for a namespace comes from libs/l1, where the rollup node uses it too.
export { namespacePayloadHash } from '@hotshot/l1';

/** Checks ranges are contiguous from `first`, each starting right after the last; returns the last height. */
export function assertContiguous(ranges: readonly { from: number; to: number }[], first: number): number {
  let next = first;
  for (const range of ranges) {
    if (range.from !== next || range.to < range.from) {
      throw new Error(`ranges are not contiguous at ${next}: ${JSON.stringify(ranges)}`);
    }
    next = range.to + 1;
  }
  return next - 1;
}

export const ZERO_ACC = zeroHash;
