import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  leaderOf,
  type ConsensusContext,
  type ConsensusMessage,
  type ProposalMessage,
  type QuorumVoteMessage,
} from '@hotshot/consensus';
import {
  DecodeError,
  buildBlockPayload,
  checkBlockPayload,
  headerCommitment,
  leafCommitment,
  proposalDigest,
  quorumVoteDigest,
  timeoutVoteDigest,
  type BlockPayload,
  type Bytes32,
  type Leaf,
  type QuorumCertificate,
} from '@hotshot/protocol';
import { bytesToHex } from 'viem';
import { decodeNodeMessage, encodeNodeMessage } from '../../../apps/sequencer/src/network/node-message-codec';

/**
 * What the hostile member does with the key of a real member:
 * - equivocate: as leader, two different valid proposals for one view (split among the nodes, one node gets both);
 *   as replica, a second validly signed vote for another leaf and a second timeout with another highQc.
 * - bad-signatures: well-formed votes, timeouts and proposals whose signatures are garbage or over other digests.
 * - replay: other members' messages re-sent seconds later (the broker stamps this member as sender), the
 *   transactions forwarded to it re-sent to everyone long after they were decided, and this member's own valid
 *   votes re-sent for views long gone.
 */
export type HostileMode = 'equivocate' | 'bad-signatures' | 'replay';

/** The hostile modes. */
export const HOSTILE_MODES: readonly HostileMode[] = ['equivocate', 'bad-signatures', 'replay'];

/** How the behavior reaches the network (a CdnClient in the real process). */
export interface HostileWire {
  broadcast(bytes: Uint8Array): void;
  sendDirect(index: number, bytes: Uint8Array): void;
}

/** Counts of what the hostile member sent, by attack. */
export type HostileStats = Record<string, number>;

/** A received message kept for replay. */
interface Recorded {
  readonly atMs: number;
  readonly bytes: Uint8Array;
  readonly to?: number;
}

const REPLAY_AFTER_MS = 2000;
const REPLAY_MEMORY = 512;
const VIEW_MEMORY = 32;

/**
 * The attacks of one hostile member, driven by what it receives. It runs no consensus of its own: it follows the
 * proposals and votes the honest nodes send it, and builds its attacks from them with its own key.
 */
export class HostileBehavior {
  readonly stats: HostileStats = {};
  private readonly proposals = new Map<number, { leaf: Leaf; payload?: BlockPayload }>();
  private readonly votes = new Map<number, QuorumVoteMessage[]>();
  private readonly equivocated = new Set<number>();
  private readonly timedOut = new Set<number>();
  private readonly received: Recorded[] = [];
  private readonly ownSent: Recorded[] = [];
  private highQc: QuorumCertificate | undefined;

  constructor(
    private readonly mode: HostileMode,
    private readonly ctx: ConsensusContext,
    private readonly wire: HostileWire,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** Handles one delivery from the broker. */
  onDelivery(sender: number, bytes: Uint8Array): void {
    let message: ConsensusMessage;
    try {
      const node = decodeNodeMessage(bytes, this.ctx.bounds);
      // Forwarded transactions are worth replaying too: a node that restarted has forgotten they were decided.
      if (node.kind === 'transactions' && sender !== this.ctx.self) {
        this.remember(this.received, { atMs: this.now(), bytes });
      }
      if (node.kind !== 'consensus') return;
      message = decodeConsensusMessage(node.bytes, this.ctx.bounds);
    } catch (error) {
      if (error instanceof DecodeError) return;
      throw error;
    }
    if (sender !== this.ctx.self) this.remember(this.received, { atMs: this.now(), bytes });
    switch (message.kind) {
      case 'Proposal':
        return this.onProposal(message);
      case 'QuorumVote':
        return this.onVote(message);
      case 'TimeoutVote':
        if (this.mode === 'equivocate') this.doubleTimeout(message.view);
        return;
      default:
        return;
    }
  }

  /** Called every few hundred ms: the replay attack re-sends what is old enough. */
  tick(): void {
    if (this.mode !== 'replay') return;
    const cutoff = this.now() - REPLAY_AFTER_MS;
    for (const old of this.pickOld(this.received, cutoff, 4)) {
      this.wire.broadcast(old.bytes);
      this.count('replayed-others');
    }
    for (const old of this.pickOld(this.ownSent, cutoff, 2)) {
      if (old.to !== undefined) this.wire.sendDirect(old.to, old.bytes);
      this.count('replayed-own');
    }
  }

  private onProposal(proposal: ProposalMessage): void {
    const view = proposal.leaf.view;
    if (proposal.sender !== leaderOf(this.ctx, view)) return;
    this.proposals.set(view, { leaf: proposal.leaf, payload: proposal.payload });
    this.forget(this.proposals, view);
    if (!this.highQc || proposal.leaf.justifyQc.view > this.highQc.view) this.highQc = proposal.leaf.justifyQc;
    const commitment = leafCommitment(proposal.leaf);
    const nextLeader = leaderOf(this.ctx, view + 1);
    switch (this.mode) {
      case 'equivocate': {
        this.sendConsensus(nextLeader, this.vote(view, commitment));
        this.sendConsensus(nextLeader, this.vote(view, this.randomCommitment()));
        this.count('double-votes');
        return;
      }
      case 'bad-signatures': {
        this.sendConsensus(nextLeader, { ...this.vote(view, commitment), signature: this.randomBytes(96) });
        const wrongDigest = this.ctx.crypto.sign(quorumVoteDigest(this.ctx.config.chainId, view + 1000, commitment));
        this.sendConsensus(nextLeader, { ...this.vote(view, commitment), signature: wrongDigest });
        this.broadcastConsensus({ ...proposal, sender: this.ctx.self, signature: this.randomBytes(96) });
        this.broadcastConsensus({
          kind: 'TimeoutVote',
          view,
          highQc: proposal.leaf.justifyQc,
          sender: this.ctx.self,
          signature: wrongDigest,
        });
        this.count('bad-signature-messages', 4);
        return;
      }
      case 'replay': {
        const vote = this.encode(this.vote(view, commitment));
        this.wire.sendDirect(nextLeader, vote);
        this.remember(this.ownSent, { atMs: this.now(), bytes: vote, to: nextLeader });
        this.count('honest-votes');
        return;
      }
    }
  }

  private onVote(vote: QuorumVoteMessage): void {
    if (this.mode !== 'equivocate' || leaderOf(this.ctx, vote.view + 1) !== this.ctx.self) return;
    const list = this.votes.get(vote.view) ?? [];
    list.push(vote);
    this.votes.set(vote.view, list);
    this.forget(this.votes, vote.view);
    this.tryEquivocate(vote.view, vote.leafCommitment);
  }

  /** As leader(view + 1), once a quorum voted for the leaf of `view`: two conflicting children of it. */
  private tryEquivocate(view: number, commitment: Bytes32): void {
    if (this.equivocated.has(view)) return;
    const parent = this.proposals.get(view);
    if (!parent || leafCommitment(parent.leaf) !== commitment) return;
    const votes = (this.votes.get(view) ?? []).filter((v) => v.leafCommitment === commitment);
    const digest = quorumVoteDigest(this.ctx.config.chainId, view, commitment);
    const { certificate } = this.ctx.crypto.assemble(
      digest,
      votes.map((v) => ({ signer: v.sender, signature: v.signature })),
      this.ctx.quorum,
    );
    if (!certificate) return;
    this.equivocated.add(view);
    const justifyQc: QuorumCertificate = { view, leafCommitment: commitment, certificate };
    const twins = [0, 1].map((twin) => this.childProposal(view + 1, parent.leaf, commitment, justifyQc, twin));
    const others = this.shuffled([...Array(this.ctx.size).keys()].filter((i) => i !== this.ctx.self));
    const half = Math.floor(others.length / 2);
    others.forEach((to, i) => this.sendConsensus(to, twins[i < half ? 0 : 1]!));
    // One node gets both, so the equivocation is seen, not only suffered.
    this.sendConsensus(others[0]!, twins[1]!);
    this.count('equivocating-proposals');
  }

  private childProposal(
    view: number,
    parent: Leaf,
    parentCommitment: Bytes32,
    justifyQc: QuorumCertificate,
    twin: number,
  ): ProposalMessage {
    const payload = buildBlockPayload([], this.ctx.bounds);
    const checked = checkBlockPayload(payload, this.ctx.bounds);
    const leaf: Leaf = {
      view,
      header: {
        chainId: this.ctx.config.chainId,
        height: parent.header.height + 1,
        timestamp: Math.max(this.now(), parent.header.timestamp) + twin,
        l1Head: parent.header.l1Head,
        parentCommitment: headerCommitment(parent.header),
        payloadCommitment: checked.commitment,
        payloadSize: checked.size,
      },
      parentLeafCommitment: parentCommitment,
      justifyQc,
    };
    const signature = this.ctx.crypto.sign(proposalDigest(this.ctx.config.chainId, view, leafCommitment(leaf)));
    return { kind: 'Proposal', leaf, payload, sender: this.ctx.self, signature };
  }

  /** Two validly signed timeouts for one view claiming different highQcs. */
  private doubleTimeout(view: number): void {
    if (this.timedOut.has(view) || !this.highQc) return;
    this.timedOut.add(view);
    if (this.timedOut.size > VIEW_MEMORY) this.timedOut.delete(this.timedOut.values().next().value!);
    const chainId = this.ctx.config.chainId;
    const genesisQc = this.ctx.genesis.leaf.justifyQc;
    for (const highQc of [this.highQc, genesisQc]) {
      const signature = this.ctx.crypto.sign(timeoutVoteDigest(chainId, view, highQc.view));
      this.broadcastConsensus({ kind: 'TimeoutVote', view, highQc, sender: this.ctx.self, signature });
    }
    this.count('double-timeouts');
  }

  private vote(view: number, leafCommitment: Bytes32): QuorumVoteMessage {
    const signature = this.ctx.crypto.sign(quorumVoteDigest(this.ctx.config.chainId, view, leafCommitment));
    return { kind: 'QuorumVote', view, leafCommitment, sender: this.ctx.self, signature };
  }

  private encode(message: ConsensusMessage): Uint8Array {
    return encodeNodeMessage({ kind: 'consensus', bytes: encodeConsensusMessage(message) });
  }

  private sendConsensus(to: number, message: ConsensusMessage): void {
    this.wire.sendDirect(to, this.encode(message));
  }

  private broadcastConsensus(message: ConsensusMessage): void {
    this.wire.broadcast(this.encode(message));
  }

  private pickOld(list: Recorded[], cutoff: number, count: number): Recorded[] {
    const old = list.filter((r) => r.atMs <= cutoff);
    return this.shuffled(old).slice(0, count);
  }

  private remember(list: Recorded[], record: Recorded): void {
    list.push(record);
    if (list.length > REPLAY_MEMORY) list.splice(0, list.length - REPLAY_MEMORY);
  }

  private forget<V>(map: Map<number, V>, latest: number): void {
    for (const view of map.keys()) if (view < latest - VIEW_MEMORY) map.delete(view);
  }

  private count(what: string, n = 1): void {
    this.stats[what] = (this.stats[what] ?? 0) + n;
  }

  private randomBytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => Math.floor(this.random() * 256));
  }

  private randomCommitment(): Bytes32 {
    return bytesToHex(this.randomBytes(32)) as Bytes32;
  }

  private shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
