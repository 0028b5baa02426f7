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
  readonly sign: (digest: Bytes32) => Uint8Array;
  readonly broadcast: (message: NodeMessage) => void;
  readonly availability: AvailabilityStore;
  readonly metrics: NodeMetrics;
  readonly log: Logger;
}

interface Collection {
  headerCommitment?: Bytes32;
  readonly signatures: Map<number, { headerCommitment: Bytes32; signature: Uint8Array }>;
  done: boolean;
}

/** Heights kept collecting at once; older ones are dropped (a later certificate supersedes them for L1). */
const MAX_OPEN_HEIGHTS = 256;

/**
 * Finality certificates (DESIGN.md 7): on each decide this node signs the finality digest of the highest
 * decided header and broadcasts it; it gathers the others' signatures for that height and, at a quorum of
 * stake, assembles the certificate once (aggregate, verify once, bisect only on failure) and stores it.
 * Only the last header of an L1 batch needs a certificate, so one signature per decide is enough.
 */
export class FinalityService {
  private readonly collections = new Map<number, Collection>();

  constructor(private readonly deps: FinalityDeps) {}

  /** Signs and announces the highest of the newly decided blocks. */
  async onDecided(blocks: readonly DecidedBlock[]): Promise<void> {
    const last = blocks[blocks.length - 1];
    if (!last) return;
    const height = last.leaf.header.height;
    const digest = finalityDigest(this.deps.chainId, height, last.headerCommitment);
    const signature = this.deps.sign(digest);
    const collection = this.collectionFor(height);
    collection.headerCommitment = last.headerCommitment;
    collection.signatures.set(this.deps.self, { headerCommitment: last.headerCommitment, signature });
    this.deps.broadcast({ kind: 'finality-signature', height, headerCommitment: last.headerCommitment, signature });
    await this.tryAssemble(height, collection);
  }

  /** A peer's signature arrived; it counts once this node decided the same header at that height. */
  async onSignature(from: number, height: number, headerCommitment: Bytes32, signature: Uint8Array): Promise<void> {
    if (!Number.isInteger(from) || from < 0 || from >= this.deps.keys.size) return;
    const collection = this.collectionFor(height);
    if (collection.done || collection.signatures.has(from)) return;
    collection.signatures.set(from, { headerCommitment, signature });
    await this.tryAssemble(height, collection);
  }

  private collectionFor(height: number): Collection {
    let collection = this.collections.get(height);
    if (!collection) {
      collection = { signatures: new Map(), done: false };
      this.collections.set(height, collection);
      for (const old of this.collections.keys()) {
        if (this.collections.size <= MAX_OPEN_HEIGHTS) break;
        this.collections.delete(old);
      }
    }
    return collection;
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
