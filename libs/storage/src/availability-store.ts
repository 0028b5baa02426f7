import type {
  BlockPayload,
  Bytes32,
  FinalityCertificate,
  Header,
  Leaf,
  QuorumCertificate,
  Transaction,
} from '@hotshot/protocol';

/** A decided block as the node stores and serves it. */
export interface DecidedBlock {
  readonly leaf: Leaf;
  /** The leaf's commitment (computed by the caller, who has already checked it). */
  readonly leafCommitment: Bytes32;
  /** The header's commitment. */
  readonly headerCommitment: Bytes32;
  /** The data; undefined while the node only has the header (it fetches the payload later). */
  readonly payload?: BlockPayload;
  /** The certificate that decided this leaf or one of its descendants, when known. */
  readonly decidingQc?: QuorumCertificate;
}

/** Where a transaction was decided. */
export interface TransactionLocation {
  readonly hash: Bytes32;
  readonly height: number;
  /** Position in block order (namespace table order, then position in the namespace). */
  readonly index: number;
  readonly transaction: Transaction;
}

/** What the store holds, counted (for a node's sync status). */
export interface StoredCounts {
  /** Stored heights (decided leaves). */
  readonly leaves: number;
  /** Stored heights whose payload is stored too. */
  readonly payloads: number;
}

/** How appendDecided treats a gap before the first new block. */
export interface AppendDecidedOptions {
  /**
   * The blocks come from a warm start, which adopted a decided leaf far above `latestHeight` and skipped the
   * heights between (DESIGN.md 6). Instead of refusing the gap, the store deletes everything it holds below the
   * first block, as pruning would, and its chain starts there; older heights are left to archival peers.
   */
  readonly startChain?: boolean;
}

/**
 * The availability store: decided leaves, headers, payloads, certificates, and the transaction and namespace
 * indexes the API serves. Heights are contiguous from `earliestHeight` to `latestHeight`.
 */
export interface AvailabilityStore {
  /**
   * Appends decided blocks in height order. A height already stored with the same leaf commitment is skipped
   * (decides are replayed after restarts); a different one is a SafetyViolationError. A gap after latestHeight is
   * a StorageError unless `options.startChain`; an empty store takes its first block at any height.
   */
  appendDecided(blocks: readonly DecidedBlock[], options?: AppendDecidedOptions): Promise<void>;
  /** Adds the payload of a stored block that was appended without it; checks nothing (the caller has). */
  attachPayload(height: number, payload: BlockPayload): Promise<void>;
  /** Highest stored height, or undefined when empty. */
  latestHeight(): Promise<number | undefined>;
  /** Lowest stored height (rises with pruning), or undefined when empty. */
  earliestHeight(): Promise<number | undefined>;
  getLeaf(height: number): Promise<Leaf | undefined>;
  getHeader(height: number): Promise<Header | undefined>;
  getBlock(height: number): Promise<DecidedBlock | undefined>;
  /** The block whose header commitment is `hash`. */
  getBlockByHash(hash: Bytes32): Promise<DecidedBlock | undefined>;
  getTransaction(hash: Bytes32): Promise<TransactionLocation | undefined>;
  /** The block whose leaf commitment is `hash`. */
  getBlockByLeafCommitment(hash: Bytes32): Promise<DecidedBlock | undefined>;
  /** Decided transactions stored (below the earliest height they are pruned), of one namespace when given. */
  countTransactions(namespace?: number): Promise<number>;
  /** How many heights are stored, and how many of them have their payload. */
  countStored(): Promise<StoredCounts>;
  /** Blocks in [from, until), at most `limit`. */
  getBlocks(from: number, until: number, limit: number): Promise<DecidedBlock[]>;
  putFinalityCertificate(certificate: FinalityCertificate): Promise<void>;
  getFinalityCertificate(height: number): Promise<FinalityCertificate | undefined>;
  /** The finality certificate of the highest height that has one. */
  latestFinalityCertificate(): Promise<FinalityCertificate | undefined>;
  /** Deletes everything below `height`; returns how many blocks went. */
  pruneBelow(height: number): Promise<number>;
  close(): Promise<void>;
}
