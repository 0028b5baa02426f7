import { addVote, BlsConsensusCrypto, certifyVotes, emptyTally, type VoteTally } from '@hotshot/consensus';
import type { StakeTableKeys } from '@hotshot/crypto';
import { finalityDigest, type Bytes32, type FinalityCertificate } from '@hotshot/protocol';
import type { AvailabilityStore, DecidedBlock } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { NodeMetrics } from '../metrics/node-metrics';
import type { NodeMessage } from '../network/node-message';

/** What the finality service needs. */
export interface FinalityDeps {
  readonly chainId: bigint;
  readonly self: number;
  readonly keys: StakeTableKeys;
  /** Stake a finality certificate needs (the quorum threshold). */
  readonly quorum: bigint;
  /**
   * This node's finality signature for the header at `height` (through the node's signer); undefined when the
   * signer refused or did not answer, and this node then signs nothing for that height.
   */
  readonly sign: (height: number, headerCommitment: Bytes32) => Promise<Uint8Array | undefined>;
  readonly broadcast: (message: NodeMessage) => void;
  readonly availability: AvailabilityStore;
  readonly metrics: NodeMetrics;
  readonly log: Logger;
  /** The height of this node's last decided block (0 before any); bounds which heights signatures are taken for. */
  readonly decidedHeight: () => number;
  readonly window: FinalityWindow;
}

/** Which heights signatures are collected for, relative to this node's decided height. */
export interface FinalityWindow {
  /** Heights at most this far above the decided height are taken (a peer that decided a little earlier). */
  readonly ahead: number;
  /** Heights this far below the highest decided one and lower are dropped (a later certificate supersedes them). */
  readonly kept: number;
}

/** Why a peer's finality signature was dropped unread (the `reason` label of the refusal metric). */
export type FinalityRefusal = 'unknown-signer' | 'height-out-of-window' | 'duplicate';

/** One height's signatures (each for the header commitment its signer decided) and this node's own commitment. */
interface Collection {
  headerCommitment?: Bytes32;
  tally: VoteTally<Bytes32>;
}

/**
 * Finality certificates (DESIGN.md 7): on each decide this node signs the finality digest of the highest
 * decided header and broadcasts it; it gathers the others' signatures for that height in the consensus core's
 * vote tally and, at a quorum of stake for its own header, assembles the certificate once (aggregate, verify once,
 * bisect only on failure) and stores it.
 * Only the last header of an L1 batch needs a certificate, so one signature per decide is enough.
 * A peer's signature is taken only for a height in the window around this node's decided height, and once per
 * signer and height (a signature that failed stays in the tally as rejected), so no peer can make it hold more
 * than (kept + ahead) heights of one signature per member, nor aggregate its signature twice.
 */
export class FinalityService {
  private readonly collections = new Map<number, Collection>();
  private readonly crypto: BlsConsensusCrypto;
  private signedHeight = 0;

  constructor(private readonly deps: FinalityDeps) {
    // Verifies and aggregates only: this node's finality signatures come from deps.sign.
    this.crypto = new BlsConsensusCrypto(deps.keys, undefined);
  }

  /** Signs and announces the highest of the newly decided blocks. */
  async onDecided(blocks: readonly DecidedBlock[]): Promise<void> {
    const last = blocks[blocks.length - 1];
    if (!last) return;
    const height = last.leaf.header.height;
    this.signedHeight = Math.max(this.signedHeight, height);
    this.prune();
    const signature = await this.deps.sign(height, last.headerCommitment);
    if (!signature) return;
    const collection = this.collectionFor(height);
    collection.headerCommitment = last.headerCommitment;
    this.add(height, collection, this.deps.self, last.headerCommitment, signature);
    this.deps.broadcast({ kind: 'finality-signature', height, headerCommitment: last.headerCommitment, signature });
    await this.tryAssemble(height, collection);
  }

  /** A peer's signature arrived; it counts once this node decided the same header at that height. */
  async onSignature(from: number, height: number, headerCommitment: Bytes32, signature: Uint8Array): Promise<void> {
    if (!Number.isInteger(from) || from < 0 || from >= this.deps.keys.size) return this.refuse('unknown-signer');
    const decided = this.deps.decidedHeight();
    const { ahead, kept } = this.deps.window;
    if (!Number.isSafeInteger(height) || height > decided + ahead || height <= this.highest() - kept) {
      return this.refuse('height-out-of-window');
    }
    const collection = this.collectionFor(height);
    if (collection.tally.certified) return;
    if (collection.tally.votes.has(from)) return this.refuse('duplicate');
    this.add(height, collection, from, headerCommitment, signature);
    await this.tryAssemble(height, collection);
  }

  /** Heights collected for at the moment (for tests and the bound's proof). */
  get openHeights(): number {
    return this.collections.size;
  }

  private refuse(reason: FinalityRefusal): void {
    this.deps.metrics.finalityRefused.inc({ reason });
  }

  /** The highest height this node decided, as far as this service knows (it may not have signed it yet). */
  private highest(): number {
    return Math.max(this.deps.decidedHeight(), this.signedHeight);
  }

  private collectionFor(height: number): Collection {
    let collection = this.collections.get(height);
    if (!collection) {
      collection = { tally: emptyTally() };
      this.collections.set(height, collection);
    }
    return collection;
  }

  /** Drops the heights that fell out of the window below the highest decided one. */
  private prune(): void {
    const floor = this.highest() - this.deps.window.kept;
    for (const height of this.collections.keys()) if (height <= floor) this.collections.delete(height);
  }

  /** Adds a signature unchecked: signatures are checked in aggregate, and this node's own is trusted. */
  private add(height: number, collection: Collection, signer: number, commitment: Bytes32, signature: Uint8Array) {
    const vote = { signer, data: commitment, signature, trusted: signer === this.deps.self };
    collection.tally = addVote(collection.tally, vote, (member, header, bytes) =>
      this.crypto.verify(member, finalityDigest(this.deps.chainId, height, header), bytes),
    ).tally;
  }

  private async tryAssemble(height: number, collection: Collection): Promise<void> {
    const commitment = collection.headerCommitment;
    // Only the header this node decided is certified: it stores certificates for its own chain.
    if (!commitment) return;
    const digest = finalityDigest(this.deps.chainId, height, commitment);
    const { tally, certificate, rejected } = certifyVotes(collection.tally, {
      counts: (header) => header === commitment,
      stakeOf: (signer) => this.deps.keys.stake(signer),
      threshold: this.deps.quorum,
      assemble: (votes, threshold) => this.crypto.assemble(digest, votes, threshold),
    });
    collection.tally = tally;
    for (const signer of rejected) this.deps.log.warn('invalid finality signature', { height, signer });
    if (!certificate) return;
    const finality: FinalityCertificate = { height, headerCommitment: commitment, certificate };
    await this.deps.availability.putFinalityCertificate(finality);
    this.deps.metrics.finalityCertificates.inc();
    const signers = [...tally.votes.values()].filter((vote) => vote.data === commitment && vote.check !== 'rejected');
    this.deps.log.debug('finality certificate', { height, signers: signers.length });
  }
}
