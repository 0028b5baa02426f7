import { messageInput } from '../core/message-input';
import { buildBlockPayload, type Bytes32, type QuorumCertificate, type Transaction } from '@hotshot/protocol';
import { decodeConsensusMessage, encodeConsensusMessage } from '../codec/message-codec';
import { step } from '../core/step';
import type { ConsensusEffect, SignRequest } from '../types/effects';
import type { ConsensusInput } from '../types/inputs';
import type { ConsensusMessage } from '../types/messages';
import type { DecideProof, StoredLeaf } from '../types/state';
import { misbehave, remember, type Delivery } from './byzantine';
import { EventQueue } from './event-queue';
import { FakeKeyRing } from './fake-crypto';
import { InvariantChecker } from './invariants';
import { Prng } from './prng';
import { SimNetwork } from './sim-network';
import { SimNode } from './sim-node';
import { traceLines } from './sim-trace';
import type { SimulationConfig, SimulationResult } from './sim-types';

type SimEvent =
  | { readonly kind: 'start'; readonly node: number }
  | { readonly kind: 'deliver'; readonly to: number; readonly message: ConsensusMessage | Uint8Array }
  | { readonly kind: 'timer'; readonly node: number; readonly view: number; readonly token: number }
  | {
      readonly kind: 'built';
      readonly node: number;
      readonly epoch: number;
      readonly view: number;
      readonly parent: Bytes32;
    }
  | {
      readonly kind: 'fetched';
      readonly node: number;
      readonly epoch: number;
      readonly leaves: StoredLeaf[];
      readonly decideProof?: DecideProof;
      readonly from: number;
    }
  | { readonly kind: 'crash'; readonly node: number; readonly midStep: boolean }
  | { readonly kind: 'restart'; readonly node: number }
  | { readonly kind: 'gst' };

/** Most leaves one catch-up answer carries. */
const FETCH_LIMIT = 512;

/** A copy of `qc` whose signature cannot verify. */
function forgeQc(qc: QuorumCertificate): QuorumCertificate {
  return { ...qc, certificate: { ...qc.certificate, signature: new Uint8Array(96).fill(7) } };
}

/** `message` with its signature, made here when the core deferred it (what a shell's signer does). */
function signedFor<M extends ConsensusMessage>(node: SimNode, message: M, signing: SignRequest | undefined): M {
  return signing ? { ...message, signature: node.ctx.crypto.sign(signing.digest) } : message;
}

/** Runs one simulation to its end and reports what broke, if anything; deterministic in `config`. */
export function runSimulation(config: SimulationConfig): SimulationResult {
  return new Simulation(config).run();
}

/**
 * n consensus cores over a seeded network that delays, drops, duplicates, reorders and partitions messages until
 * GST; nodes crash and restart from their disks, Byzantine nodes rewrite what they send, and an InvariantChecker
 * watches every effect.
 */
class Simulation {
  private readonly queue = new EventQueue<SimEvent>();
  private readonly nodes: SimNode[];
  private readonly network: SimNetwork<SimEvent>;
  private readonly faults: Prng;
  private readonly blocks: Prng;
  private readonly checker: InvariantChecker;
  private now = 0;
  private events = 0;
  private messages = 0;
  private bytes = 0;
  private heightAtGst = 0;
  private gstPassed = false;
  private readonly rejected: Record<string, number> = {};

  constructor(private readonly config: SimulationConfig) {
    const root = new Prng(config.seed);
    this.network = new SimNetwork(
      config,
      root.fork(),
      () => this.now,
      (time, event) => this.queue.push(time, event),
    );
    this.faults = root.fork();
    this.blocks = root.fork();
    const ring = new FakeKeyRing(config.stakes, config.seed);
    this.nodes = config.roles.map((role, i) => new SimNode(i, role, config.clockSkewMs[i] ?? 0, config, ring));
    const forgers = config.roles.some((role) => role.kind === 'byzantine' && role.behavior === 'invalid-signatures');
    this.checker = new InvariantChecker(() => this.now, forgers);
  }

  run(): SimulationResult {
    const { config } = this;
    for (const node of this.nodes) {
      const at = this.faults.int(0, 20);
      this.queue.push(config.lateStarts?.[node.index] ?? at, { kind: 'start', node: node.index });
    }
    for (const node of this.nodes) {
      if (node.role.kind === 'crashed')
        this.queue.push(node.role.atMs, { kind: 'crash', node: node.index, midStep: false });
    }
    for (const r of config.restarts) {
      this.queue.push(r.crashAtMs, { kind: 'crash', node: r.node, midStep: r.midStep });
      this.queue.push(r.restartAtMs, { kind: 'restart', node: r.node });
    }
    this.queue.push(config.gstMs, { kind: 'gst' });
    const maxEvents = config.maxEvents ?? 2_000_000;
    while (this.checker.violations.length === 0 && this.events < maxEvents) {
      const next = this.queue.pop();
      if (!next || next.time > config.durationMs) break;
      this.now = next.time;
      this.events++;
      try {
        this.handle(next.event);
      } catch (error) {
        this.checker.fail('crash', -1, error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      if (config.stopAtHeight !== undefined && this.allDecided(config.stopAtHeight)) break;
      // Liveness is proven as soon as every live honest node has decided enough after GST.
      if (this.gstPassed && config.minHeightsAfterGst !== undefined) {
        if (this.allDecided(this.heightAtGst + config.minHeightsAfterGst)) break;
      }
    }
    if (this.checker.violations.length === 0) this.checkLiveness();
    return this.result();
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'start': {
        const node = this.nodes[event.node];
        if (node.up || (node.role.kind === 'crashed' && node.role.atMs <= this.now)) return;
        node.up = true;
        this.feed(node, { kind: 'Started', nowMs: node.clock(this.now) });
        return;
      }
      case 'deliver': {
        const node = this.nodes[event.to];
        if (!node.up) return;
        const message = event.message instanceof Uint8Array ? decodeConsensusMessage(event.message) : event.message;
        if (node.role.kind === 'byzantine') remember(node.memory, message);
        this.feed(node, this.inputFor(node, message));
        return;
      }
      case 'timer': {
        const node = this.nodes[event.node];
        if (!node.up || node.timerToken !== event.token) return;
        this.feed(node, { kind: 'TimeoutElapsed', view: event.view, nowMs: node.clock(this.now) });
        return;
      }
      case 'built': {
        const node = this.nodes[event.node];
        if (!node.up || node.epoch !== event.epoch) return;
        const clock = node.clock(this.now);
        this.feed(node, {
          kind: 'BlockBuilt',
          view: event.view,
          parentLeafCommitment: event.parent,
          payload: buildBlockPayload(this.randomTransactions(), node.ctx.bounds),
          timestamp: clock,
          l1Head: Math.floor(clock / 12_000),
          nowMs: clock,
        });
        return;
      }
      case 'fetched': {
        const node = this.nodes[event.node];
        if (!node.up || node.epoch !== event.epoch) return;
        const { leaves, decideProof, from } = event;
        this.feed(node, {
          kind: 'LeavesFetched',
          leaves,
          ...(decideProof ? { decideProof } : {}),
          from,
          nowMs: node.clock(this.now),
        });
        return;
      }
      case 'crash': {
        const node = this.nodes[event.node];
        if (!node.up) return;
        if (event.midStep) node.crashAfterEffects = this.faults.int(0, 3);
        else node.crash();
        return;
      }
      case 'restart': {
        const node = this.nodes[event.node];
        if (node.up) node.crash();
        node.up = true;
        const persisted = this.config.restartWithoutDisk ? undefined : node.disk.persisted;
        const nowMs = node.clock(this.now);
        this.feed(node, persisted ? { kind: 'Restored', persisted, nowMs } : { kind: 'Started', nowMs });
        return;
      }
      case 'gst':
        this.heightAtGst = this.checker.maxDecidedHeight;
        this.gstPassed = true;
        return;
    }
  }

  private inputFor(node: SimNode, message: ConsensusMessage): ConsensusInput {
    return messageInput(message, node.clock(this.now));
  }

  private feed(node: SimNode, input: ConsensusInput): void {
    const { state, effects } = step(node.state, input, node.ctx);
    if (this.config.trace) {
      for (const line of traceLines(this.now, node.index, node.state.view, input, effects)) this.config.trace(line);
    }
    node.state = state;
    const limit = node.crashAfterEffects;
    for (let i = 0; i < effects.length; i++) {
      if (limit !== undefined && i >= limit) break;
      this.carryOut(node, effects[i]);
    }
    if (limit !== undefined) node.crash();
  }

  private carryOut(node: SimNode, effect: ConsensusEffect): void {
    switch (effect.kind) {
      case 'Persist':
        this.checker.onPersist(node, effect);
        node.disk.persisted = effect.state;
        return;
      case 'Broadcast': {
        const recipients = this.nodes.filter(
          (other) =>
            other.index !== node.index && (effect.audience === 'all' || other.index < node.ctx.daCommitteeSize),
        );
        const message = signedFor(node, effect.message, effect.signing);
        this.send(
          node,
          recipients.map((other) => ({ to: other.index, message })),
        );
        return;
      }
      case 'SendTo':
        this.send(node, [{ to: effect.to, message: signedFor(node, effect.message, effect.signing) }]);
        return;
      case 'SignForSelf':
        // A deferred-signing shell signs the vote and feeds it back as a message from this node, after the step.
        this.queue.push(this.now, {
          kind: 'deliver',
          to: node.index,
          message: signedFor(node, effect.message, effect.signing),
        });
        return;
      case 'ScheduleTimeout':
        node.timerToken++;
        this.queue.push(this.now + effect.durationMs, {
          kind: 'timer',
          node: node.index,
          view: effect.view,
          token: node.timerToken,
        });
        return;
      case 'BuildBlock':
        this.queue.push(this.now + this.blocks.int(1, 5), {
          kind: 'built',
          node: node.index,
          epoch: node.epoch,
          view: effect.view,
          parent: effect.parentLeafCommitment,
        });
        return;
      case 'Decide':
        this.checker.onDecide(node, effect, node.state.view);
        node.storeDecided(effect.leaves, effect.jumpedFrom);
        return;
      case 'RequestLeaves':
        this.fetch(node, effect.leafCommitment, effect.fromHeight, effect.peer);
        return;
      case 'Rejected': {
        if (!node.honest) return;
        this.rejected[effect.reason] = (this.rejected[effect.reason] ?? 0) + 1;
        const blamed = this.nodes[effect.sender];
        this.checker.onRejected(node, effect, blamed !== undefined && blamed.honest);
        return;
      }
      case 'Ignored':
        return;
    }
  }

  private send(node: SimNode, deliveries: Delivery[]): void {
    for (const { message } of deliveries) this.checker.onSend(node, message);
    const out =
      node.role.kind === 'byzantine'
        ? misbehave(node.role.behavior, node.ctx, node.state, node.memory, this.faults, deliveries)
        : deliveries;
    const encoded = new Map<ConsensusMessage, Uint8Array>();
    for (const { to, message } of out) {
      let payload: ConsensusMessage | Uint8Array = message;
      if (this.config.wire) {
        let bytes = encoded.get(message);
        if (!bytes) {
          bytes = encodeConsensusMessage(message);
          encoded.set(message, bytes);
        }
        payload = bytes;
        this.bytes += bytes.length;
      }
      this.messages++;
      this.network.transmit(node.index, to, { kind: 'deliver', to, message: payload });
    }
  }

  /** Catch-up: a reachable peer (the hinted one if it can) serves the chain, after a round trip. */
  private fetch(node: SimNode, commitment: Bytes32, fromHeight: number, hint: number | undefined): void {
    const candidates = this.nodes.filter(
      (peer) => peer.index !== node.index && peer.up && this.network.reachable(node.index, peer.index),
    );
    if (candidates.length === 0) return;
    const hinted = candidates.find((peer) => peer.index === hint);
    const server = hinted && this.network.chance(0.5) ? hinted : this.network.pick(candidates);
    let { leaves, decideProof } = server.serveLeaves(commitment, fromHeight, FETCH_LIMIT);
    if (leaves.length === 0) return;
    if (server.role.kind === 'byzantine' && server.role.behavior === 'invalid-signatures') {
      // A lying server: certificates that do not verify, in the leaves and in its decide proof.
      leaves = leaves.map(({ leaf }) => ({ leaf: { ...leaf, justifyQc: forgeQc(leaf.justifyQc) } }));
      if (decideProof) decideProof = { ...decideProof, qc: forgeQc(decideProof.qc) };
    }
    this.network.transmit(server.index, node.index, {
      kind: 'fetched',
      node: node.index,
      epoch: node.epoch,
      leaves,
      ...(decideProof ? { decideProof } : {}),
      from: server.index,
    });
  }

  private randomTransactions(): Transaction[] {
    const count = this.blocks.int(0, 3);
    return Array.from({ length: count }, () => ({
      namespace: this.blocks.int(1, 3),
      payload: Uint8Array.from({ length: this.blocks.int(1, 48) }, () => this.blocks.uint32() & 0xff),
    }));
  }

  /** Honest nodes that never crash for good (the ones that must stay live). */
  private liveHonest(): SimNode[] {
    return this.nodes.filter((node) => node.role.kind === 'honest');
  }

  private allDecided(height: number): boolean {
    return this.liveHonest().every((node) => node.decidedHeight >= height);
  }

  private checkLiveness(): void {
    const needed = this.config.minHeightsAfterGst;
    if (needed === undefined) return;
    for (const node of this.liveHonest()) {
      if (node.decidedHeight < this.heightAtGst + needed) {
        this.checker.fail(
          'liveness',
          node.index,
          `decided height ${node.decidedHeight} at the end, ${this.heightAtGst} at GST; ${needed} more were due` +
            ` (view ${node.state.view})`,
        );
      }
    }
  }

  private result(): SimulationResult {
    const live = this.liveHonest();
    const heights = live.map((node) => node.decidedHeight);
    return {
      seed: this.config.seed,
      ok: this.checker.violations.length === 0,
      violations: this.checker.violations,
      stats: {
        events: this.events,
        messages: this.messages,
        bytes: this.bytes,
        maxView: Math.max(0, ...this.nodes.filter((node) => node.honest).map((node) => node.state.view)),
        minHeight: heights.length ? Math.min(...heights) : 0,
        maxHeight: heights.length ? Math.max(...heights) : 0,
        meanDecideLatencyViews: this.checker.latencyCount ? this.checker.latencySum / this.checker.latencyCount : 0,
        warmStarts: this.nodes.reduce((sum, node) => sum + (node.honest ? node.jumps : 0), 0),
        storedFrom: this.nodes.map((node) => node.disk.decided.keys().next().value ?? 0),
        rejected: this.rejected,
        simulatedMs: this.now,
      },
    };
  }
}
