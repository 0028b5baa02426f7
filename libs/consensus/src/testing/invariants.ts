import type { Bytes32 } from '@hotshot/protocol';
import { commitLeaf } from '../core/memo';
import type { DecideEffect, PersistEffect, RejectedEffect } from '../types/effects';
import type { ConsensusMessage } from '../types/messages';
import type { PersistedConsensusState } from '../types/state';
import type { Violation } from './sim-types';

/** What the invariant checker needs to know about a node. */
export interface ObservedNode {
  readonly index: number;
  readonly honest: boolean;
  /** The node's durable state right now. */
  readonly persisted: PersistedConsensusState | undefined;
  /** The highest decided block in the node's durable block store. */
  readonly decidedHeight: number;
}

/**
 * Checks, as the simulation runs, everything an honest node must never do: decide two leaves at one height
 * (safety), decide a chain that is not a prefix of the others' (chain), decide without a two-chain proof, send a
 * vote or timeout whose view is not on disk yet (persist before send), sign two different actions of one kind
 * in one view even across restarts, lower its persisted lastActionedView, persist a decide before storing its
 * blocks, or blame an honest node.
 */
export class InvariantChecker {
  readonly violations: Violation[] = [];
  /** The one leaf decided at each height, by any honest node. */
  private readonly decided = new Map<number, Bytes32>();
  private readonly lastDecided = new Map<number, { height: number; commitment: Bytes32 }>();
  private readonly actions = new Map<string, string>();
  private readonly persistedLav = new Map<number, number>();
  private maxHeight = 0;
  /** Sum over honest decides of (deciding view - leaf view), and their count. */
  latencySum = 0;
  latencyCount = 0;

  constructor(
    private readonly now: () => number,
    /** Whether some Byzantine node forges signatures in other members' names. */
    private readonly forgersPresent: boolean,
  ) {}

  /** The highest height `node` decided. */
  decidedHeight(node: number): number {
    return this.lastDecided.get(node)?.height ?? 0;
  }

  /** The highest height any honest node decided. */
  get maxDecidedHeight(): number {
    return this.maxHeight;
  }

  onDecide(node: ObservedNode, effect: DecideEffect, viewNow: number): void {
    if (!node.honest) return;
    const last = this.lastDecided.get(node.index) ?? { height: 0, commitment: undefined as unknown as Bytes32 };
    let previous = last;
    for (const [i, { leaf, commitment }] of effect.leaves.entries()) {
      const height = leaf.header.height;
      if (commitLeaf(leaf) !== commitment) return this.fail('chain', node.index, `height ${height}: wrong commitment`);
      const agreed = this.decided.get(height);
      if (agreed !== undefined && agreed !== commitment) {
        return this.fail('safety', node.index, `height ${height}: ${commitment} conflicts with ${agreed}`);
      }
      // A warm start's first leaf may lie above a gap; within the batch the chain stays contiguous.
      const jumps = i === 0 && effect.jumpedFrom !== undefined && height > previous.height + 1;
      if (height <= previous.height) {
        // A decide replayed after a crash between Decide and Persist: it must be the same leaf.
        if (agreed === undefined) return this.fail('chain', node.index, `height ${height} decided out of order`);
        continue;
      }
      if (!jumps && height !== previous.height + 1) {
        return this.fail('chain', node.index, `height ${height} follows ${previous.height}: a gap`);
      }
      if (!jumps && previous.height > 0 && leaf.parentLeafCommitment !== previous.commitment) {
        return this.fail('chain', node.index, `height ${height} does not extend the decided chain`);
      }
      if (agreed === undefined) this.decided.set(height, commitment);
      this.maxHeight = Math.max(this.maxHeight, height);
      if (effect.jumpedFrom === undefined) {
        this.latencySum += viewNow - leaf.view;
        this.latencyCount += 1;
      }
      previous = { height, commitment };
    }
    this.lastDecided.set(node.index, previous);
    const tip = effect.leaves[effect.leaves.length - 1];
    const child = effect.child;
    if (
      !tip ||
      commitLeaf(child) !== effect.qc.leafCommitment ||
      child.parentLeafCommitment !== tip.commitment ||
      child.view !== tip.leaf.view + 1 ||
      child.justifyQc.leafCommitment !== tip.commitment
    ) {
      this.fail('decide-proof', node.index, 'the decide does not carry a two-chain proof');
    }
  }

  onPersist(node: ObservedNode, effect: PersistEffect): void {
    const lav = effect.state.lastActionedView;
    const before = this.persistedLav.get(node.index) ?? 0;
    if (node.honest && lav < before) {
      this.fail('last-actioned-view', node.index, `persisted lastActionedView fell from ${before} to ${lav}`);
    }
    this.persistedLav.set(node.index, Math.max(lav, before));
    // Decided blocks go to the block store before the safety state that records the decide: the other order
    // leaves a gap after a crash between the two (the restored node believes it holds blocks it never stored).
    const recorded = effect.state.lastDecided.leaf.header.height;
    if (node.honest && recorded > node.decidedHeight) {
      this.fail(
        'decided-before-persist',
        node.index,
        `the safety state records height ${recorded} decided while the block store ends at ${node.decidedHeight}`,
      );
    }
  }

  /** Called for every message an honest node's core sends, before any Byzantine rewriting. */
  onSend(node: ObservedNode, message: ConsensusMessage): void {
    if (!node.honest) return;
    const disk = node.persisted;
    const acted = disk?.lastActionedView ?? 0;
    let key: string | undefined;
    let value = '';
    switch (message.kind) {
      case 'Proposal':
        key = `proposal:${message.leaf.view}`;
        value = commitLeaf(message.leaf);
        if (acted < message.leaf.view) this.unpersisted(node, message.kind, message.leaf.view, acted);
        break;
      case 'QuorumVote':
        key = `vote:${message.view}`;
        value = message.leafCommitment;
        if (acted < message.view) this.unpersisted(node, message.kind, message.view, acted);
        break;
      case 'TimeoutVote':
        key = `timeout:${message.view}`;
        value = String(message.highQc.view);
        if (acted < message.view) this.unpersisted(node, message.kind, message.view, acted);
        break;
      case 'DaVote':
        key = `da-vote:${message.view}`;
        value = message.payloadCommitment;
        if ((disk?.lastDaVotedView ?? 0) < message.view) {
          this.unpersisted(node, message.kind, message.view, disk?.lastDaVotedView ?? 0);
        }
        break;
      case 'DaProposal':
      case 'Certificate':
        return;
    }
    const id = `${node.index}:${key}`;
    const earlier = this.actions.get(id);
    if (earlier !== undefined && earlier !== value) {
      this.fail('honest-equivocation', node.index, `${key}: sent ${value} after ${earlier}`);
    }
    this.actions.set(id, value);
  }

  /** Called for every Rejected report an honest node makes; `senderHonest` says whether it blames an honest node. */
  onRejected(reporter: ObservedNode, effect: RejectedEffect, senderHonest: boolean): void {
    if (!reporter.honest || !senderHonest) return;
    if (effect.reason === 'invalid-signature' && this.forgersPresent) return;
    this.fail(
      'false-accusation',
      reporter.index,
      `blamed honest ${effect.sender} for ${effect.reason} (${effect.detail ?? ''}) on ${effect.subject} ${effect.view}`,
    );
  }

  fail(invariant: Violation['invariant'], node: number, message: string): void {
    this.violations.push({ invariant, atMs: this.now(), node, message });
  }

  private unpersisted(node: ObservedNode, kind: string, view: number, onDisk: number): void {
    this.fail('persist-before-send', node.index, `${kind} for view ${view} sent with ${onDisk} on disk`);
  }
}
