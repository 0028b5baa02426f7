import { assembleCertificate, type StakeTableKeys } from '@hotshot/crypto';
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

interface Collection {
  headerCommitment?: Bytes32;
  readonly signatures: Map<number, { headerCommitment: Bytes32; signature: Uint8Array }>;
  done: boolean;
}

/**
 * Finality certificates (DESIGN.md 7): on each decide this node signs the finality digest of the highest
 * decided header and broadcasts it; it gathers the others' signatures for that height and, at a quorum of
 * stake, assembles the certificate once (aggregate, verify once, bisect only on failure) and stores it.
 * Only the last header of an L1 batch needs a certificate, so one signature per decide is enough.
 * A peer's signature is taken only for a height in the window around this node's decided height, and once per
 * signer and height, so no peer can make it hold more than (kept + ahead) heights of one signature per member.
 */
export class FinalityService {
  private readonly collections = new Map<number, Collection>();
  private signedHeight = 0;

  constructor(private readonly deps: FinalityDeps) {}

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
    collection.signatures.set(this.deps.self, { headerCommitment: last.headerCommitment, signature });
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
    if (collection.done) return;
    if (collection.signatures.has(from)) return this.refuse('duplicate');
    collection.signatures.set(from, { headerCommitment, signature });
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
      collection = { signatures: new Map(), done: false };
      this.collections.set(height, collection);
    }
    return collection;
  }

  /** Drops the heights that fell out of the window below the highest decided one. */
  private prune(): void {
    const floor = this.highest() - this.deps.window.kept;
    for (const height of this.collections.keys()) if (height <= floor) this.collections.delete(height);
  }

  private async tryAssemble(height: number, collection: Collection): Promise<void> {
    const commitment = collection.headerCommitment;
    if (collection.done || !commitment) return;
    const votes = [...collection.signatures]
      .filter(([, vote]) => vote.headerCommitment === commitment)
      .map(([signer, vote]) => ({ signer, signature: vote.signature }));
    const stake = this.deps.keys.stakeOf(votes.map((vote) => vote.signer));
    if (stake < this.deps.quorum) return;
    const digest = finalityDigest(this.deps.chainId, height, commitment);
    let assembled;
    try {
      assembled = assembleCertificate(this.deps.keys, digest, votes, this.deps.quorum);
    } catch (error) {
      // Too many bad signatures: wait for more.
      this.deps.log.warn('finality certificate not assembled yet', { height, error });
      return;
    }
    for (const signer of assembled.rejected) {
      collection.signatures.delete(signer);
      this.deps.log.warn('invalid finality signature', { height, signer });
    }
    collection.done = true;
    const certificate: FinalityCertificate = {
      height,
      headerCommitment: commitment,
      certificate: assembled.certificate,
    };
    await this.deps.availability.putFinalityCertificate(certificate);
    this.deps.metrics.finalityCertificates.inc();
    this.deps.log.debug('finality certificate', { height, signers: votes.length - assembled.rejected.length });
  }
}
