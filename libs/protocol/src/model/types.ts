import type { Hex } from 'viem';

/** A 32-byte value as 0x-prefixed lowercase hex (commitments, hashes). */
export type Bytes32 = Hex;

/** A rollup's transaction: opaque bytes tagged with the rollup's namespace (uint32). */
export interface Transaction {
  readonly namespace: number;
  readonly payload: Uint8Array;
}

/** One row of a block's namespace table; rows are sorted by namespace, each namespace once. */
export interface NamespaceEntry {
  readonly namespace: number;
  readonly txCount: number;
  /** keccak256 of the namespace payload (count, lengths, bytes). */
  readonly payloadHash: Bytes32;
}

/** A block header: all static ABI fields, so Solidity recomputes its commitment with `abi.encode`. */
export interface Header {
  readonly chainId: bigint;
  readonly height: number;
  /** Unix time in milliseconds. */
  readonly timestamp: number;
  /** The L1 block number the leader last saw. */
  readonly l1Head: number;
  readonly parentCommitment: Bytes32;
  readonly payloadCommitment: Bytes32;
  /** Total bytes of the block's namespace payloads. */
  readonly payloadSize: number;
}

/**
 * A set of signers and their aggregate BLS signature.
 * `signers` is a bitmap over stake-table order: bit i of byte floor(i/8), least significant bit first.
 */
export interface Certificate {
  readonly signers: Uint8Array;
  /** 96-byte compressed G2 aggregate signature. */
  readonly signature: Uint8Array;
}

/** A quorum of stake voted for `leafCommitment` in `view`. */
export interface QuorumCertificate {
  readonly view: number;
  readonly leafCommitment: Bytes32;
  readonly certificate: Certificate;
}

/**
 * A quorum of stake timed out `view`. `highQcViews[k]` is the highQc view the k-th signer (in bitmap order)
 * signed, so the aggregate is checked with one pairing per distinct view.
 */
export interface TimeoutCertificate {
  readonly view: number;
  readonly highQcViews: readonly number[];
  readonly certificate: Certificate;
}

/** A DA committee quorum attested it holds the payload with `payloadCommitment` for `view`. */
export interface DaCertificate {
  readonly view: number;
  readonly payloadCommitment: Bytes32;
  readonly certificate: Certificate;
}

/** A quorum signed the finality message of the header at `height`; what HotShot.sol checks. */
export interface FinalityCertificate {
  readonly height: number;
  readonly headerCommitment: Bytes32;
  readonly certificate: Certificate;
}

/** A proposed or decided block in the consensus chain. */
export interface Leaf {
  readonly view: number;
  readonly header: Header;
  readonly parentLeafCommitment: Bytes32;
  /** The certificate of the parent leaf; the genesis QC (view 0) for the first block. */
  readonly justifyQc: QuorumCertificate;
}

/** A block's data: its namespace table and each namespace's encoded payload, in table order. */
export interface BlockPayload {
  readonly namespaceTable: readonly NamespaceEntry[];
  readonly namespacePayloads: readonly Uint8Array[];
}
