import {
  buildBlockPayload,
  payloadCommitment,
  DEFAULT_CONSENSUS_CONFIG,
  type BlockPayload,
  type Bytes32,
  type ConsensusConfig,
  type DaCertificate,
  type Leaf,
  type QuorumCertificate,
  type TimeoutCertificate,
  type Transaction,
} from '@hotshot/protocol';
import { createConsensusContext, type ConsensusContext, type ConsensusOptions } from '../core/context';
import { commitHeader, commitLeaf, daDigest, proposalSigningDigest, quorumDigest, timeoutDigest } from '../core/memo';
import { messageView } from '../core/scope';
import { initialState } from '../core/state';
import { step } from '../core/step';
import type { ConsensusEffect } from '../types/effects';
import type { ConsensusInput } from '../types/inputs';
import type { ConsensusMessage, ProposalMessage, QuorumVoteMessage, TimeoutVoteMessage } from '../types/messages';
import type { ConsensusState, LeafRecord } from '../types/state';
import type { Verdict } from '../types/verdicts';
import { FakeKeyRing } from './fake-crypto';

/** A wall-clock time for scripted tests, in ms. */
export const T0 = 1_700_000_000_000;

/** The effects of one kind, typed. */
export function effectsOf<K extends ConsensusEffect['kind']>(
  effects: readonly ConsensusEffect[],
  kind: K,
): Extract<ConsensusEffect, { kind: K }>[] {
  return effects.filter((effect): effect is Extract<ConsensusEffect, { kind: K }> => effect.kind === kind);
}

/**
 * n cores driven by hand for scripted tests: feed inputs to one node, read its effects, and craft other members'
 * messages with their own keys (the fake crypto). Nothing is delivered unless the test delivers it.
 */
export class ScriptedCluster {
  readonly ring: FakeKeyRing;
  readonly contexts: ConsensusContext[];
  readonly states: ConsensusState[];
  readonly config: ConsensusConfig;

  constructor(
    readonly size = 4,
    config: Partial<ConsensusConfig> = {},
    options: Partial<ConsensusOptions> = {},
    stakes: readonly bigint[] = Array(size).fill(1n),
  ) {
    this.config = { ...DEFAULT_CONSENSUS_CONFIG, viewTimeoutMs: 1_000, timeoutRatio: 2, ...config };
    this.ring = new FakeKeyRing(stakes, 7);
    this.contexts = stakes.map((_, self) =>
      createConsensusContext({
        config: this.config,
        stakeTable: this.ring.stakeTable,
        self,
        crypto: this.ring.cryptoFor(self),
        options,
      }),
    );
    this.states = this.contexts.map((ctx) => initialState(ctx));
  }

  get genesis(): LeafRecord {
    return this.contexts[0].genesis;
  }

  /** The verdict of the last input fed that carried a message. */
  lastVerdict: Verdict | undefined;

  /** Feeds `input` to `node`, keeps its new state, returns its effects. */
  feed(node: number, input: ConsensusInput): readonly ConsensusEffect[] {
    const { state, effects } = step(this.states[node], input, this.contexts[node]);
    this.states[node] = state;
    this.lastVerdict = 'message' in input ? verdictFor(input.message, effects) : undefined;
    return effects;
  }

  start(node: number, nowMs = T0): readonly ConsensusEffect[] {
    return this.feed(node, { kind: 'Started', nowMs });
  }

  /** A valid child of `parent` for `view`, justified by `justifyQc` (defaults: the parent's QC from signers 0-2). */
  child(
    parent: LeafRecord,
    view: number,
    options: {
      justifyQc?: QuorumCertificate;
      txs?: Transaction[];
      timestamp?: number;
      header?: Partial<Leaf['header']>;
    } = {},
  ): LeafRecord & { payload: BlockPayload } {
    const payload = buildBlockPayload(
      options.txs ?? [{ namespace: 1, payload: Uint8Array.of(view) }],
      this.contexts[0].bounds,
    );
    const size = payload.namespacePayloads.reduce((sum, bytes) => sum + bytes.length, 0);
    const leaf: Leaf = {
      view,
      header: {
        chainId: this.config.chainId,
        height: parent.leaf.header.height + 1,
        timestamp: options.timestamp ?? T0 + view,
        l1Head: 1,
        parentCommitment: commitHeader(parent.leaf.header),
        payloadCommitment: payloadCommitment(payload.namespaceTable),
        payloadSize: size,
        ...options.header,
      },
      parentLeafCommitment: parent.commitment,
      justifyQc: options.justifyQc ?? this.qc(parent),
    };
    return { leaf, commitment: commitLeaf(leaf), payload };
  }

  /** A proposal of `record` signed by `sender` (its leader by default). */
  proposal(
    record: { leaf: Leaf; payload?: BlockPayload },
    extra: {
      sender?: number;
      timeoutCertificate?: TimeoutCertificate;
      daCertificate?: DaCertificate;
      withoutPayload?: boolean;
    } = {},
  ): ProposalMessage {
    const view = record.leaf.view;
    const sender = extra.sender ?? view % this.size;
    return {
      kind: 'Proposal',
      leaf: record.leaf,
      ...(record.payload && !extra.withoutPayload ? { payload: record.payload } : {}),
      ...(extra.timeoutCertificate ? { timeoutCertificate: extra.timeoutCertificate } : {}),
      ...(extra.daCertificate ? { daCertificate: extra.daCertificate } : {}),
      sender,
      signature: this.sign(sender, proposalSigningDigest(this.config.chainId, view, commitLeaf(record.leaf))),
    };
  }

  vote(sender: number, view: number, leafCommitment: Bytes32): QuorumVoteMessage {
    return {
      kind: 'QuorumVote',
      view,
      leafCommitment,
      sender,
      signature: this.sign(sender, quorumDigest(this.config.chainId, view, leafCommitment)),
    };
  }

  timeout(sender: number, view: number, highQc: QuorumCertificate): TimeoutVoteMessage {
    return {
      kind: 'TimeoutVote',
      view,
      highQc,
      sender,
      signature: this.sign(sender, timeoutDigest(this.config.chainId, view, highQc.view)),
    };
  }

  /** A QC for `record` (at its view) from `signers`; the genesis QC for genesis. */
  qc(record: LeafRecord, signers: readonly number[] = [0, 1, 2]): QuorumCertificate {
    if (record.leaf.view === 0) return record.leaf.justifyQc.view === 0 ? this.genesisQc : record.leaf.justifyQc;
    const view = record.leaf.view;
    const digest = quorumDigest(this.config.chainId, view, record.commitment);
    const { certificate } = this.ring.cryptoFor(0).assemble(
      digest,
      signers.map((signer) => ({ signer, signature: this.sign(signer, digest) })),
      0n,
    );
    return { view, leafCommitment: record.commitment, certificate: certificate! };
  }

  /** A TC for `view` whose signer i (ascending) reports highQcViews[i]. */
  tc(view: number, signers: readonly number[], highQcViews: readonly number[]): TimeoutCertificate {
    const votes = signers.map((signer, i) => {
      const digest = timeoutDigest(this.config.chainId, view, highQcViews[i]);
      return { signer, digest, signature: this.sign(signer, digest) };
    });
    const { certificate } = this.ring.cryptoFor(0).assembleMultiDigest(votes, 0n);
    return { view, highQcViews: [...highQcViews], certificate: certificate! };
  }

  daCertificate(view: number, payloadCommitment: Bytes32, signers: readonly number[]): DaCertificate {
    const digest = daDigest(this.config.chainId, view, payloadCommitment);
    const { certificate } = this.ring.cryptoFor(0).assemble(
      digest,
      signers.map((signer) => ({ signer, signature: this.sign(signer, digest) })),
      0n,
    );
    return { view, payloadCommitment, certificate: certificate! };
  }

  get genesisQc(): QuorumCertificate {
    return this.genesis.leaf.justifyQc;
  }

  sign(signer: number, digest: Bytes32): Uint8Array {
    return this.ring.cryptoFor(signer).sign(digest);
  }
}

/**
 * The verdict on an input's own message: the report the handler made about it (same kind, sender and view), or
 * accept. Reports about other messages in the same step (votes bisected out of an aggregate) do not count.
 */
export function verdictFor(message: ConsensusMessage, effects: readonly ConsensusEffect[]): Verdict {
  const view = messageView(message);
  for (const effect of effects) {
    if (effect.kind !== 'Rejected' && effect.kind !== 'Ignored') continue;
    if (effect.subject !== message.kind || effect.sender !== message.sender || effect.view !== view) continue;
    return effect.kind === 'Rejected'
      ? { kind: 'reject', reason: effect.reason, ...(effect.detail ? { detail: effect.detail } : {}) }
      : { kind: 'ignore', reason: effect.reason };
  }
  return { kind: 'accept' };
}
