import type { Bytes32, Certificate, FinalityCertificate, Header, NamespaceEntry, StakeTable } from '@hotshot/protocol';
import { headerCommitment, headerToAbi } from '@hotshot/protocol';
import { toEip2537G1, toEip2537G2 } from '@hotshot/crypto';
import {
  bytesToHex,
  encodeAbiParameters,
  getAbiItem,
  hexToBytes,
  keccak256,
  sliceHex,
  stringToHex,
  type ContractFunctionArgs,
  type Hex,
} from 'viem';
import { CertificateMismatchError, InvalidPointEncodingError, NothingToEncodeError } from '../errors';
import { hotShotAbi } from '../generated/hot-shot';
import { zkEvmRollupAbi } from '../generated/zk-evm-rollup';

type NewBlocksArgs = ContractFunctionArgs<typeof hotShotAbi, 'nonpayable', 'newBlocks'>;
type RotateStakeTableArgs = ContractFunctionArgs<typeof hotShotAbi, 'nonpayable', 'rotateStakeTable'>;
type SequenceBatchesArgs = ContractFunctionArgs<typeof zkEvmRollupAbi, 'nonpayable', 'sequenceBatches'>;
type SequenceBatchCommitmentsArgs = ContractFunctionArgs<
  typeof zkEvmRollupAbi,
  'nonpayable',
  'sequenceBatchCommitments'
>;

/** HotShot.sol's `Header` struct as viem takes it. */
export type HeaderArg = NewBlocksArgs[0][number];
/** HotShot.sol's `FinalityCertificate` struct: signer bitmap and G2 signature in EIP-2537 words. */
export type FinalityCertificateArg = NewBlocksArgs[1];
/** HotShot.sol's `StakeTableEntry` struct: G1 public key in EIP-2537 words and stake. */
export type StakeTableEntryArg = RotateStakeTableArgs[1][number];
/** Solady's `BLS.G1Point`: the 128-byte EIP-2537 encoding as four words. */
export type G1PointArg = StakeTableEntryArg['publicKey'];
/** Solady's `BLS.G2Point`: the 256-byte EIP-2537 encoding as eight words. */
export type G2PointArg = FinalityCertificateArg['signature'];
/** HotShot.sol's `NamespaceEntry` struct. */
export type NamespaceEntryArg = SequenceBatchesArgs[0][number]['namespaceTable'][number];
/** ZkEvmRollup.sol's phase I `Batch` struct. */
export type BatchArg = SequenceBatchesArgs[0][number];
/** ZkEvmRollup.sol's phase II `BatchCommitment` struct. */
export type BatchCommitmentArg = SequenceBatchCommitmentsArgs[0][number];

/**
 * A header as the contracts take it: libs/protocol's one ABI shape of a header. Typed as the generated ABI's
 * struct, so a header shape that drifted from HotShot.sol's fails to compile here (and in headerFromArg).
 */
export const toHeaderArg: (header: Header) => HeaderArg = headerToAbi;

/** A namespace-table row as the contracts take it. */
export function toNamespaceEntryArg(entry: NamespaceEntry): NamespaceEntryArg {
  return { namespace: entry.namespace, txCount: entry.txCount, payloadHash: entry.payloadHash };
}

/** A 128-byte EIP-2537 G1 encoding (hex or bytes) split into Solady's four words. */
export function toG1PointArg(encoded: Hex | Uint8Array): G1PointArg {
  const hex = typeof encoded === 'string' ? encoded : bytesToHex(encoded);
  if (hexToBytes(hex).length !== 128) throw new InvalidPointEncodingError('G1', hexToBytes(hex).length);
  const [x_a, x_b, y_a, y_b] = words(hex, 4);
  return { x_a, x_b, y_a, y_b };
}

/** A 256-byte EIP-2537 G2 encoding (hex or bytes) split into Solady's eight words. */
export function toG2PointArg(encoded: Hex | Uint8Array): G2PointArg {
  const hex = typeof encoded === 'string' ? encoded : bytesToHex(encoded);
  if (hexToBytes(hex).length !== 256) throw new InvalidPointEncodingError('G2', hexToBytes(hex).length);
  const [x_c0_a, x_c0_b, x_c1_a, x_c1_b, y_c0_a, y_c0_b, y_c1_a, y_c1_b] = words(hex, 8);
  return { x_c0_a, x_c0_b, x_c1_a, x_c1_b, y_c0_a, y_c0_b, y_c1_a, y_c1_b };
}

/** A stake table as `rotateStakeTable` and the constructor take it; throws InvalidKeyMaterialError on a bad key. */
export function toStakeTableArg(table: StakeTable): StakeTableEntryArg[] {
  return table.map((entry) => ({ publicKey: toG1PointArg(toEip2537G1(entry.publicKey)), stake: entry.stake }));
}

/**
 * The arguments of `newBlocks`: the headers and the certificate over the last of them. Throws
 * CertificateMismatchError when the certificate names another height or header, which HotShot.sol would refuse
 * after paying for a pairing, and InvalidKeyMaterialError when the signature does not decode.
 */
export function toNewBlocksArgs(
  headers: readonly Header[],
  certificate: FinalityCertificate,
): readonly [readonly HeaderArg[], FinalityCertificateArg] {
  const last = headers.at(-1);
  if (!last) throw new NothingToEncodeError('headers');
  const lastCommitment = headerCommitment(last);
  if (certificate.height !== last.height || certificate.headerCommitment !== lastCommitment) {
    throw new CertificateMismatchError({
      certificateHeight: certificate.height,
      headerHeight: last.height,
      certificateCommitment: certificate.headerCommitment,
      headerCommitment: lastCommitment,
    });
  }
  return [
    headers.map(toHeaderArg),
    {
      signers: bytesToHex(certificate.certificate.signers),
      signature: toG2PointArg(toEip2537G2(certificate.certificate.signature)),
    },
  ];
}

/** keccak256("hotshot.stake-table-rotation"): HotShot.sol's domain tag of stake table hand-overs. */
export const STAKE_TABLE_ROTATION_TAG = keccak256(stringToHex('hotshot.stake-table-rotation'));

/** The `entries` parameter of `rotateStakeTable`, read from the ABI so the encoding follows the contract's struct. */
const ENTRIES_PARAMETER = getAbiItem({ abi: hotShotAbi, name: 'rotateStakeTable' }).inputs[1];

/**
 * What a quorum of the current table signs to hand HotShot.sol over to `table` as the table of `epoch`:
 * keccak256(abi.encode(tag, chainId, epoch, keccak256(abi.encode(entries)))), as Commitments.sol computes it.
 */
export function stakeTableRotationDigest(chainId: bigint, epoch: bigint, table: StakeTable): Bytes32 {
  const entriesHash = keccak256(encodeAbiParameters([ENTRIES_PARAMETER], [toStakeTableArg(table)]));
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }],
      [STAKE_TABLE_ROTATION_TAG, chainId, epoch, entriesHash],
    ),
  );
}

/** The arguments of `rotateStakeTable`: the epoch, the new table and the outgoing quorum's certificate over it. */
export function toRotateStakeTableArgs(
  epoch: bigint,
  table: StakeTable,
  certificate: Certificate,
): RotateStakeTableArgs {
  return [
    epoch,
    toStakeTableArg(table),
    { signers: bytesToHex(certificate.signers), signature: toG2PointArg(toEip2537G2(certificate.signature)) },
  ];
}

/** A phase I batch: the header, its namespace table and the namespace's transaction payloads in block order. */
export function toBatchArg(
  header: Header,
  namespaceTable: readonly NamespaceEntry[],
  transactions: readonly Uint8Array[],
): BatchArg {
  return {
    header: toHeaderArg(header),
    namespaceTable: namespaceTable.map(toNamespaceEntryArg),
    transactions: transactions.map((payload) => bytesToHex(payload)),
  };
}

/** A phase II batch commitment: the header and its namespace table. */
export function toBatchCommitmentArg(header: Header, namespaceTable: readonly NamespaceEntry[]): BatchCommitmentArg {
  return { header: toHeaderArg(header), namespaceTable: namespaceTable.map(toNamespaceEntryArg) };
}

function words(hex: Hex, count: number): Bytes32[] {
  return Array.from({ length: count }, (_, i) => sliceHex(hex, i * 32, (i + 1) * 32));
}
