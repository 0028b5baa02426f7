import { connect } from 'node:net';
import {
  FrameKind,
  Topic,
  createAuthenticate,
  encodeBroadcast,
  encodeDirect,
  encodeFrame,
  topicMask,
} from '@hotshot/cdn';
import { demoKeyPair, publicKeyToHex, signDigest, type BlsKeyPair } from '@hotshot/crypto';
import { cdnAuthDigest } from '@hotshot/protocol';
import { RawPeer, withTimeout } from '../../cdn/support/cdn-fixtures';
import { FrameFuzzer, authFramesFor, isAcceptedWhenAuthenticated } from '../../cdn/support/frame-fuzzer';

/** Options of one fuzzing burst against a live broker. */
export interface FrameFuzzOptions {
  readonly port: number;
  /** A member key whose own node is stopped for the burst: the fuzzer authenticates as it. */
  readonly memberKey: BlsKeyPair;
  /** Other members' keys (public parts are fuzzed into recipients and Authenticate frames). */
  readonly otherKeys: readonly BlsKeyPair[];
  /** Frames to send in all. */
  readonly frames: number;
  readonly seed: number;
  /** Share of the authenticated frames that are mutated copies of honest traffic (reaching the node decoders). */
  readonly mutatedTrafficShare: number;
  /** Frames that end a connection, sent on a fresh authenticated one each (each costs a signature). */
  readonly breakingOnAuthenticated: number;
  /** Fresh unauthenticated connections for frames refused before authentication. */
  readonly unauthenticatedConnections: number;
}

/** What the burst did. */
export interface FrameFuzzResult {
  sent: number;
  onAuthenticated: number;
  /** Of those, mutated copies of consensus and node messages the honest nodes had sent. */
  mutatedTraffic: number;
  breakingOnAuthenticated: number;
  onUnauthenticated: number;
  /** Hand-made refusals: stale, replayed, forged and unknown-key Authenticate frames, each answered by an Error. */
  scriptedRefusals: Record<string, number>;
  durationMs: number;
}

const CONCURRENCY = 16;
const PING_EVERY = 200;
/**
 * The burst's pace on its authenticated connection: half the broker's default send budget (5,000 frames/s, cut after
 * 5 s over it). Faster, the broker rightly cuts the fuzzer as a flooder (the member-flood fault tests that) and the
 * burst stops reaching the codecs it is here to fuzz.
 */
const FRAMES_PER_SECOND = 2500;

/**
 * Fuzzes a live broker: mutated and random frames on a member's authenticated connection (the broker routes what
 * decodes to the honest nodes, so their decoders are fuzzed too), frames that must end a connection, one per
 * fresh connection, and hand-made bad Authenticate frames. Paced by ping round trips, so the broker is measured,
 * not the socket buffer.
 */
export async function fuzzBrokerFrames(options: FrameFuzzOptions): Promise<FrameFuzzResult> {
  const started = Date.now();
  const keys = [options.memberKey, ...options.otherKeys];
  const fuzzer = new FrameFuzzer(options.seed, keys, authFramesFor(keys));
  const result: FrameFuzzResult = {
    sent: 0,
    onAuthenticated: 0,
    mutatedTraffic: 0,
    breakingOnAuthenticated: 0,
    onUnauthenticated: 0,
    scriptedRefusals: {},
    durationMs: 0,
  };
  const unauthenticated: Uint8Array[] = [];
  const traffic: Uint8Array[] = [];
  const mutator = new TrafficMutator(fuzzer, keys);
  let peer = await authenticatedPeer(options.port, options.memberKey);
  const pacedFrom = Date.now();
  try {
    while (result.sent < options.frames) {
      if (result.sent % 50 === 0) {
        harvest(peer, traffic);
        const aheadMs = (result.onAuthenticated * 1000) / FRAMES_PER_SECOND - (Date.now() - pacedFrom);
        if (aheadMs > 0) await new Promise((resolve) => setTimeout(resolve, aheadMs));
      }
      if (traffic.length > 0 && fuzzer.random() < options.mutatedTrafficShare) {
        peer.send(mutator.mutate(fuzzer.random() < 0.9 ? traffic[fuzzer.int(traffic.length)]! : traffic[0]!));
        result.mutatedTraffic++;
        result.onAuthenticated++;
        result.sent++;
        if (result.onAuthenticated % PING_EVERY === 0) await pingRoundTrip(peer, traffic);
        continue;
      }
      const frame = fuzzer.fuzzFrame();
      if (isAcceptedWhenAuthenticated(frame)) {
        peer.send(frame);
        result.onAuthenticated++;
        result.sent++;
        if (result.onAuthenticated % PING_EVERY === 0) await pingRoundTrip(peer, traffic);
      } else if (result.breakingOnAuthenticated < options.breakingOnAuthenticated && fuzzer.int(10) === 0) {
        await pingRoundTrip(peer, traffic);
        peer.send(frame);
        peer.socket.end();
        await withTimeout(peer.closed, 10_000, 'the broker to close a connection after a breaking frame');
        result.breakingOnAuthenticated++;
        result.sent++;
        peer = await authenticatedPeer(options.port, options.memberKey);
      } else if (unauthenticated.length < options.unauthenticatedConnections) {
        unauthenticated.push(frame);
        result.sent++;
      }
    }
    await pingRoundTrip(peer, traffic);
  } finally {
    peer.destroy();
  }
  let next = 0;
  const worker = async () => {
    while (next < unauthenticated.length) {
      await feedOnce(options.port, unauthenticated[next++]!);
      result.onUnauthenticated++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  result.scriptedRefusals = await scriptedAuthRefusals(options.port, options.memberKey, options.otherKeys[0]!);
  result.durationMs = Date.now() - started;
  return result;
}

async function authenticatedPeer(port: number, key: BlsKeyPair): Promise<RawPeer> {
  const peer = await RawPeer.connect(port);
  // Later timestamps than any earlier session of this key, so the broker does not take it for a replay.
  await peer.authenticate(key, Date.now());
  // Keep only what pings need: the honest nodes' traffic would otherwise pile up here for the whole burst.
  peer.socket.on('data', () => {
    if (peer.frames.length > 1000) peer.frames.splice(0, peer.frames.length - 100);
  });
  return peer;
}

/** Keeps the latest node messages the honest nodes sent (to this member or to all) for mutation. */
function harvest(peer: RawPeer, traffic: Uint8Array[]): void {
  for (const frame of peer.frames) {
    if (frame.kind !== FrameKind.Broadcast && frame.kind !== FrameKind.Direct) continue;
    traffic.push(frame.bytes.slice());
    if (traffic.length > 64) traffic.shift();
  }
}

async function pingRoundTrip(peer: RawPeer, traffic: Uint8Array[]): Promise<void> {
  const pongs = () => peer.frames.filter((f) => f.kind === FrameKind.Pong).length;
  harvest(peer, traffic);
  peer.frames.length = 0;
  peer.send(encodeFrame({ kind: FrameKind.Ping }));
  const deadline = Date.now() + 10_000;
  while (pongs() === 0) {
    if (Date.now() > deadline) throw new Error('no pong from the broker within 10 s while fuzzing');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Mutations of real node messages: bit flips, truncation, extension, a 32-byte window overwritten (a commitment,
 * a signature), the version or tag byte changed. Sent as broadcasts or as directs to a random member, so the
 * broker routes them and the honest nodes' codecs and validators see them with this member as the sender.
 */
class TrafficMutator {
  private readonly global = topicMask([Topic.Global]);

  constructor(
    private readonly fuzzer: FrameFuzzer,
    private readonly keys: readonly BlsKeyPair[],
  ) {}

  mutate(original: Uint8Array): Uint8Array {
    const f = this.fuzzer;
    let bytes = original.slice();
    switch (f.int(6)) {
      case 0:
        for (let flips = 1 + f.int(4); flips > 0 && bytes.length > 0; flips--)
          bytes[f.int(bytes.length)] ^= 1 << f.int(8);
        break;
      case 1:
        bytes = bytes.subarray(0, f.int(bytes.length + 1));
        break;
      case 2: {
        const longer = new Uint8Array(bytes.length + 1 + f.int(64));
        longer.set(bytes);
        longer.set(f.bytes(longer.length - bytes.length), bytes.length);
        bytes = longer;
        break;
      }
      case 3:
        if (bytes.length > 32) bytes.set(f.bytes(32), f.int(bytes.length - 32));
        break;
      case 4:
        if (bytes.length > 1) bytes[f.int(2)] = f.int(256);
        break;
      default:
        // Unchanged: a replay of another member's message under this member's name.
        break;
    }
    if (f.int(4) === 0) return encodeDirect(this.keys[f.int(this.keys.length)]!.publicKey, bytes);
    return encodeBroadcast(this.global, bytes);
  }
}

/** Opens a connection, writes `bytes`, ends it and waits until the broker has closed its side. */
function feedOnce(port: number, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => reject(new Error('the broker kept a fuzz connection open for 15 s')), 15_000);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.once('connect', () => socket.end(bytes));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Authenticate frames a broker must refuse, each on its own connection: a stale timestamp, a replay of an accepted
 * frame, a member's key signed by another key, and a key outside the full roster. Returns the Error codes seen.
 */
async function scriptedAuthRefusals(port: number, member: BlsKeyPair, other: BlsKeyPair) {
  const outsider = demoKeyPair('fault-suite-outsider', 0);
  const accepted = encodeFrame(createAuthenticate(member, Date.now()));
  const accepting = await RawPeer.connect(port);
  accepting.send(accepted);
  await new Promise((resolve) => setTimeout(resolve, 300));
  accepting.destroy();
  const forgedTimestamp = Date.now();
  const forged = encodeFrame({
    kind: FrameKind.Authenticate,
    publicKey: member.publicKey,
    timestampMs: forgedTimestamp + 1,
    signature: signDigest(other.secretKey, cdnAuthDigest(publicKeyToHex(member.publicKey), forgedTimestamp + 1)),
  });
  const attempts: Record<string, Uint8Array> = {
    stale: encodeFrame(createAuthenticate(member, Date.now() - 60_000)),
    replayed: accepted,
    forged,
    outsider: encodeFrame(createAuthenticate(outsider, Date.now())),
  };
  const codes: Record<string, number> = {};
  for (const [name, frame] of Object.entries(attempts)) {
    const peer = await RawPeer.connect(port);
    peer.send(frame);
    try {
      codes[name] = (await peer.refusal(10_000)).code;
    } catch {
      codes[name] = -1;
    } finally {
      peer.destroy();
    }
  }
  return codes;
}
