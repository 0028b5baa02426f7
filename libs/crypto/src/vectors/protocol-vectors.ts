import {
  DEFAULT_CONSENSUS_CONFIG,
  DomainTag,
  buildBlockPayload,
  checkBlockPayload,
  finalityDigest,
  genesisHeader,
  headerCommitment,
  leafCommitment,
  payloadCommitment,
  quorumThreshold,
  totalStake,
  transactionHash,
  blockTransactions,
  decodeNamespacePayload,
  UNBOUNDED,
  blockBoundsFromConfig,
  type BlockPayload,
  type Bytes32,
  type Header,
  type Transaction,
} from '@hotshot/protocol';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes, keccak256, stringToBytes, zeroHash, type Hex } from 'viem';
import { BLS_DST, aggregatePublicKeys, aggregateSignatures, demoKeyPair, signDigest } from '../bls/bls';
import { toEip2537G1, toEip2537G2 } from '../bls/eip2537';
import { signersToBitmap } from '../certificate/signer-bitmap';

/**
 * Cross-language test vectors (contracts/test/fixtures/protocol-vectors.json): what TypeScript computes for
 * headers, leaves, namespace tables, transactions, messages hashed to G2 and a finality certificate, so forge tests
 * can check that Solidity's abi.encode + keccak256, contracts/src/libraries/HashToG2.sol and the EIP-2537 pairing
 * agree. Deterministic: demo keys, fixed timestamps.
 */
export interface ProtocolVectors {
  readonly chainId: string;
  readonly domainTags: Record<keyof typeof DomainTag, Hex>;
  readonly namespaceTables: readonly {
    entries: { namespace: number; txCount: number; payloadHash: Bytes32 }[];
    commitment: Bytes32;
  }[];
  readonly namespacePayloads: readonly { namespace: number; transactions: Hex[]; encoded: Hex; hash: Bytes32 }[];
  readonly transactions: readonly { namespace: number; payload: Hex; hash: Bytes32 }[];
  readonly headers: readonly {
    chainId: string;
    height: string;
    timestamp: string;
    l1Head: string;
    parentCommitment: Bytes32;
    payloadCommitment: Bytes32;
    payloadSize: number;
    commitment: Bytes32;
  }[];
  readonly leaves: readonly {
    view: string;
    headerCommitment: Bytes32;
    parentLeafCommitment: Bytes32;
    commitment: Bytes32;
  }[];
  readonly finality: {
    height: string;
    headerCommitment: Bytes32;
    digest: Bytes32;
    stakeTable: { publicKey: Hex; publicKeyG1: Hex; stake: string }[];
    signerIndices: number[];
    signers: Hex;
    signature: Hex;
    signatureG2: Hex;
    aggregatePublicKeyG1: Hex;
  };
  /** Messages hashed to G2 by noble with the protocol's DST, each point in EIP-2537's 256-byte G2 encoding. */
  readonly hashToG2: { dst: string; vectors: { message: Hex; point: Hex }[] };
}

const SEED = 'hotshot-ts protocol vectors';
const COMMITTEE_SIZE = 10;
/** A quorum by stake (4300 of 5500, threshold 3667) that leaves three members out. */
const SIGNER_INDICES = [1, 2, 4, 5, 7, 8, 9];
/** Views of the blocks at heights 0..3: view 3 timed out, so height 3 was decided in view 4. */
const VIEWS = [0, 1, 2, 4];

const text = (s: string): Transaction['payload'] => stringToBytes(s);
const BLOCKS: Transaction[][] = [
  [
    { namespace: 1, payload: text('hello rollup') },
    { namespace: 42, payload: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) },
    { namespace: 1, payload: new Uint8Array(0) },
  ],
  [],
  [
    { namespace: 0xffff_ffff, payload: new Uint8Array(32).fill(0xab) },
    { namespace: 7, payload: text('batch 7') },
    { namespace: 42, payload: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff) },
    { namespace: 7, payload: text('batch 8') },
  ],
];

/** Builds the vectors; the same output on every run and machine. */
export function buildProtocolVectors(): ProtocolVectors {
  const chainId = DEFAULT_CONSENSUS_CONFIG.chainId;
  const bounds = blockBoundsFromConfig(DEFAULT_CONSENSUS_CONFIG);
  const payloads: BlockPayload[] = BLOCKS.map((txs) => buildBlockPayload(txs, bounds));

  const headers: Header[] = [genesisHeader(chainId)];
  payloads.forEach((payload, i) => {
    const { commitment, size } = checkBlockPayload(payload, bounds);
    headers.push({
      chainId,
      height: i + 1,
      timestamp: 1_700_000_000_000 + 2_000 * (i + 1),
      l1Head: 19_000_000 + 3 * (i + 1),
      parentCommitment: headerCommitment(headers[i]),
      payloadCommitment: commitment,
      payloadSize: size,
    });
  });

  const leaves: ProtocolVectors['leaves'][number][] = [];
  headers.forEach((header, i) => {
    const parentLeafCommitment = i === 0 ? zeroHash : leaves[i - 1].commitment;
    leaves.push({
      view: String(VIEWS[i]),
      headerCommitment: headerCommitment(header),
      parentLeafCommitment,
      commitment: leafCommitment({ view: VIEWS[i], header, parentLeafCommitment }),
    });
  });

  const finality = finalityVector(chainId, headers[headers.length - 1]);
  return {
    chainId: chainId.toString(),
    domainTags: { ...DomainTag },
    namespaceTables: [
      { namespaceTable: [], namespacePayloads: [] },
      ...payloads.filter((p) => p.namespaceTable.length),
    ].map((payload) => ({
      entries: payload.namespaceTable.map((entry) => ({ ...entry })),
      commitment: payloadCommitment(payload.namespaceTable),
    })),
    namespacePayloads: payloads.flatMap((payload) =>
      payload.namespaceTable.map((entry, i) => ({
        namespace: entry.namespace,
        transactions: decodeNamespacePayload(payload.namespacePayloads[i], UNBOUNDED).map((tx) => bytesToHex(tx)),
        encoded: bytesToHex(payload.namespacePayloads[i]),
        hash: entry.payloadHash,
      })),
    ),
    transactions: payloads.flatMap(blockTransactions).map((tx) => ({
      namespace: tx.namespace,
      payload: bytesToHex(tx.payload),
      hash: transactionHash(tx),
    })),
    headers: headers.map((header) => ({
      chainId: header.chainId.toString(),
      height: String(header.height),
      timestamp: String(header.timestamp),
      l1Head: String(header.l1Head),
      parentCommitment: header.parentCommitment,
      payloadCommitment: header.payloadCommitment,
      payloadSize: header.payloadSize,
      commitment: headerCommitment(header),
    })),
    leaves,
    finality,
    hashToG2: hashToG2Vectors(finality.digest),
  };
}

/** The vectors as the JSON text the fixture file holds. */
export function renderProtocolVectors(vectors: ProtocolVectors = buildProtocolVectors()): string {
  return `${JSON.stringify(vectors, null, 2)}\n`;
}

function finalityVector(chainId: bigint, header: Header): ProtocolVectors['finality'] {
  const keyPairs = Array.from({ length: COMMITTEE_SIZE }, (_, i) => demoKeyPair(SEED, i));
  const stakes = keyPairs.map((_, i) => 100n * BigInt(i + 1));
  const table = keyPairs.map((k, i) => ({ publicKey: k.publicKey, stake: stakes[i] }));
  const signed = SIGNER_INDICES.reduce((sum, i) => sum + stakes[i], 0n);
  if (signed < quorumThreshold(totalStake(table))) throw new Error('vector signers are not a quorum');

  const commitment = headerCommitment(header);
  const digest = finalityDigest(chainId, header.height, commitment);
  const signature = aggregateSignatures(SIGNER_INDICES.map((i) => signDigest(keyPairs[i].secretKey, digest)));
  return {
    height: String(header.height),
    headerCommitment: commitment,
    digest,
    stakeTable: table.map((entry) => ({
      publicKey: bytesToHex(entry.publicKey),
      publicKeyG1: toEip2537G1(entry.publicKey),
      stake: entry.stake.toString(),
    })),
    signerIndices: SIGNER_INDICES,
    signers: bytesToHex(signersToBitmap(SIGNER_INDICES, COMMITTEE_SIZE)),
    signature: bytesToHex(signature),
    signatureG2: toEip2537G2(signature),
    aggregatePublicKeyG1: toEip2537G1(aggregatePublicKeys(SIGNER_INDICES.map((i) => keyPairs[i].publicKey))),
  };
}

/**
 * The empty message, 32-byte digests (the finality digest among them) and longer messages of lengths that are and are
 * not multiples of 32, hashed with noble's hash_to_curve: what HashToG2.sol must reproduce byte for byte.
 */
function hashToG2Vectors(finalityDigest: Bytes32): ProtocolVectors['hashToG2'] {
  const messages: Uint8Array[] = [
    new Uint8Array(0),
    stringToBytes('abc'),
    new Uint8Array(32),
    new Uint8Array(32).fill(0xff),
    hexToBytes(finalityDigest),
    hexToBytes(keccak256(stringToBytes('hotshot.finality'))),
    Uint8Array.from({ length: 100 }, (_, i) => i),
    Uint8Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) & 0xff),
  ];
  return {
    dst: BLS_DST,
    vectors: messages.map((message) => ({
      message: bytesToHex(message),
      point: toEip2537G2(bls12_381.G2.hashToCurve(message, { DST: BLS_DST }).toBytes()),
    })),
  };
}
