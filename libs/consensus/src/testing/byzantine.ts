import { bitmapToSigners } from '@hotshot/crypto';
import type { Bytes32, Leaf } from '@hotshot/protocol';
import { keccak256, toHex } from 'viem';
import type { ConsensusContext } from '../core/context';
import { commitHeader, commitLeaf, proposalSigningDigest, quorumDigest, timeoutDigest } from '../core/memo';
import type { ConsensusMessage, ProposalMessage, TimeoutVoteMessage } from '../types/messages';
import type { ConsensusState } from '../types/state';
import type { Prng } from './prng';
import type { ByzantineBehavior } from './sim-types';

/** One message to one recipient. */
export interface Delivery {
  readonly to: number;
  readonly message: ConsensusMessage;
}

/**
 * Rewrites what a Byzantine node's (otherwise honest) core sends, per behavior. Signatures it makes are its own:
 * the node's crypto cannot sign for anyone else, so forging another member's message yields a bad signature.
 */
export function misbehave(
  behavior: ByzantineBehavior,
  ctx: ConsensusContext,
  state: ConsensusState,
  memory: ByzantineMemory,
  prng: Prng,
  deliveries: readonly Delivery[],
): Delivery[] {
  switch (behavior) {
    case 'forking-leader':
      return forkAway(ctx, state, memory, deliveries).map(({ to, message }) => ({
        to,
        message: lowTimeout(ctx, message),
      }));
    case 'withholding-leader':
      return deliveries.filter(({ message }) => message.kind !== 'Proposal' && message.kind !== 'DaProposal');
    case 'equivocating-leader':
      return equivocate(ctx, prng, deliveries);
    case 'double-voter':
      return deliveries.flatMap((delivery) => [delivery, ...secondVote(ctx, prng, delivery)]);
    case 'invalid-signatures':
      return deliveries.map(({ to, message }) => ({ to, message: forge(ctx, prng, message) }));
  }
}

function equivocate(ctx: ConsensusContext, prng: Prng, deliveries: readonly Delivery[]): Delivery[] {
  const proposals = deliveries.filter(({ message }) => message.kind === 'Proposal');
  if (proposals.length === 0) return [...deliveries];
  const original = proposals[0].message;
  if (original.kind !== 'Proposal') return [...deliveries];
  // The same parent and payload with another timestamp: a second valid proposal for the same view.
  const leaf = { ...original.leaf, header: { ...original.leaf.header, timestamp: original.leaf.header.timestamp + 1 } };
  const twin = {
    ...original,
    leaf,
    signature: ctx.crypto.sign(proposalSigningDigest(ctx.config.chainId, leaf.view, commitLeaf(leaf))),
  };
  const recipients = prng.shuffle(proposals.map(({ to }) => to));
  const half = new Set(recipients.slice(0, recipients.length >> 1));
  // One recipient gets both, so equivocation is also seen, not only suffered.
  const both = recipients[recipients.length - 1];
  return deliveries.flatMap((delivery) => {
    if (delivery.message.kind !== 'Proposal') return [delivery];
    const mine = half.has(delivery.to) ? { to: delivery.to, message: twin } : delivery;
    return delivery.to === both ? [mine, { to: delivery.to, message: twin }] : [mine];
  });
}

/** What a Byzantine node remembers of what it received: timeout votes by view and sender. */
export interface ByzantineMemory {
  readonly timeouts: Map<number, Map<number, TimeoutVoteMessage>>;
}

/** Records a received message a Byzantine behavior may use later. */
export function remember(memory: ByzantineMemory, message: ConsensusMessage): void {
  if (message.kind !== 'TimeoutVote') return;
  let byView = memory.timeouts.get(message.view);
  if (!byView) {
    byView = new Map();
    memory.timeouts.set(message.view, byView);
    for (const view of memory.timeouts.keys()) if (view < message.view - 8) memory.timeouts.delete(view);
  }
  byView.set(message.sender, message);
}

/**
 * An attack on the lock (rule 3 (b)): as leader of v, build a timeout certificate for v - 1 from the timeouts
 * with the lowest highQc views that still make a quorum (its own claiming genesis), and propose on the oldest
 * certified leaf that certificate allows, instead of on highQc. The proposal is valid, so honest nodes vote for
 * it and certified blocks are forked away from; the lock must make sure a decided one never is.
 */
function forkAway(
  ctx: ConsensusContext,
  state: ConsensusState,
  memory: ByzantineMemory,
  deliveries: readonly Delivery[],
): Delivery[] {
  const original = deliveries.find(({ message }) => message.kind === 'Proposal')?.message;
  if (original?.kind !== 'Proposal') return [...deliveries];
  const view = original.leaf.view;
  const chainId = ctx.config.chainId;
  const own: TimeoutVoteMessage = {
    kind: 'TimeoutVote',
    view: view - 1,
    highQc: ctx.genesis.leaf.justifyQc,
    sender: ctx.self,
    signature: ctx.crypto.sign(timeoutDigest(chainId, view - 1, 0)),
  };
  const seen = [own, ...(memory.timeouts.get(view - 1)?.values() ?? [])]
    .filter(
      (t) =>
        t.sender === ctx.self ||
        ctx.crypto.verify(t.sender, timeoutDigest(chainId, t.view, t.highQc.view), t.signature),
    )
    .sort((a, b) => a.highQc.view - b.highQc.view);
  const chosen: TimeoutVoteMessage[] = [];
  let stake = 0n;
  for (const timeout of seen) {
    if (stake >= ctx.quorum || chosen.some((t) => t.sender === timeout.sender)) continue;
    chosen.push(timeout);
    stake += ctx.stakeTable[timeout.sender].stake;
  }
  const votes = chosen.map((t) => ({
    signer: t.sender,
    signature: t.signature,
    digest: timeoutDigest(chainId, t.view, t.highQc.view),
  }));
  const { certificate } = ctx.crypto.assembleMultiDigest(votes, ctx.quorum);
  if (!certificate) return [...deliveries];
  const signers = bitmapToSigners(certificate.signers, ctx.size);
  const highQcViews = signers.map((signer) => chosen.find((t) => t.sender === signer)!.highQc.view);
  const floor = Math.max(...highQcViews);
  const certified = [ctx.genesis.leaf.justifyQc, ...chosen.map((t) => t.highQc)];
  for (const [key, qcCertificate] of state.verified) {
    const [kind, qcView, leafCommitment] = key.split(':');
    if (kind === 'q')
      certified.push({ view: Number(qcView), leafCommitment: leafCommitment as Bytes32, certificate: qcCertificate });
  }
  const qc = certified
    .filter((c) => c.view >= floor && c.leafCommitment !== original.leaf.parentLeafCommitment)
    .filter((c) => state.leaves.has(c.leafCommitment))
    .sort((a, b) => a.view - b.view)[0];
  if (!qc) return [...deliveries];
  const parent = state.leaves.get(qc.leafCommitment)!.leaf;
  const leaf: Leaf = {
    view,
    header: {
      ...original.leaf.header,
      height: parent.header.height + 1,
      parentCommitment: commitHeader(parent.header),
      timestamp: Math.max(original.leaf.header.timestamp, parent.header.timestamp),
    },
    parentLeafCommitment: qc.leafCommitment,
    justifyQc: qc,
  };
  const forked: ProposalMessage = {
    ...original,
    leaf,
    timeoutCertificate: { view: view - 1, highQcViews, certificate },
    signature: ctx.crypto.sign(proposalSigningDigest(chainId, view, commitLeaf(leaf))),
  };
  return deliveries.map((delivery) =>
    delivery.message.kind === 'Proposal' ? { to: delivery.to, message: forked } : delivery,
  );
}

/** A timeout that claims the genesis QC as highQc, to pull timeout certificates' lock down as far as it can. */
function lowTimeout(ctx: ConsensusContext, message: ConsensusMessage): ConsensusMessage {
  if (message.kind !== 'TimeoutVote') return message;
  const highQc = ctx.genesis.leaf.justifyQc;
  return { ...message, highQc, signature: ctx.crypto.sign(timeoutDigest(ctx.config.chainId, message.view, 0)) };
}

function secondVote(ctx: ConsensusContext, prng: Prng, { to, message }: Delivery): Delivery[] {
  const chainId = ctx.config.chainId;
  if (message.kind === 'QuorumVote') {
    const other: Bytes32 = keccak256(toHex(prng.uint32()));
    const signature = ctx.crypto.sign(quorumDigest(chainId, message.view, other));
    return [{ to, message: { ...message, leafCommitment: other, signature } }];
  }
  if (message.kind === 'TimeoutVote' && message.highQc.view > 0) {
    // A second timeout in the same view claiming an older (valid) highQc: genesis.
    const highQc = ctx.genesis.leaf.justifyQc;
    const signature = ctx.crypto.sign(timeoutDigest(chainId, message.view, highQc.view));
    return [{ to, message: { ...message, highQc, signature } }];
  }
  return [];
}

function forge(ctx: ConsensusContext, prng: Prng, message: ConsensusMessage): ConsensusMessage {
  const signature = Uint8Array.from({ length: 96 }, () => prng.uint32() & 0xff);
  // Some messages claim another member as sender: a forgery the receiver must catch by signature alone.
  const sender = prng.chance(0.3) ? prng.int(0, ctx.size - 1) : message.sender;
  return { ...message, sender, signature };
}
