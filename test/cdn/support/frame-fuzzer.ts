import {
  FrameKind,
  createAuthenticate,
  decodeFrame,
  encodeBroadcast,
  encodeDirect,
  encodeFrame,
  type CdnMessage,
} from '@hotshot/cdn';
import type { BlsKeyPair } from '@hotshot/crypto';
import { TEST_CONFIG } from './cdn-fixtures';

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Frames a client may send once authenticated; the broker keeps the connection open after them. */
const ACCEPTED_WHEN_AUTHENTICATED = new Set<number>([
  FrameKind.Broadcast,
  FrameKind.Direct,
  FrameKind.Subscribe,
  FrameKind.Unsubscribe,
  FrameKind.Ping,
  FrameKind.Pong,
]);

/** Random valid frames and mutations of them, from a seed. */
export class FrameFuzzer {
  readonly random: () => number;

  constructor(
    seed: number,
    private readonly keys: readonly BlsKeyPair[],
    private readonly authFrames: readonly Uint8Array[],
  ) {
    this.random = seededRandom(seed);
  }

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }

  /** A well-formed frame of any kind, including kinds a client must not send. */
  validFrame(): Uint8Array {
    const payload = () => this.bytes(this.int(4) === 0 ? this.int(4000) : this.int(120));
    const key = () => (this.int(3) === 0 ? this.bytes(48) : this.keys[this.int(this.keys.length)].publicKey);
    const pick = this.int(12);
    let message: CdnMessage;
    switch (pick) {
      case 0:
      case 1:
      case 2:
        return encodeBroadcast(1 + this.int(0xffffffff), payload(), this.int(10));
      case 3:
      case 4:
        return encodeDirect(key(), payload(), this.int(10));
      case 5:
        message = { kind: this.int(2) ? FrameKind.Subscribe : FrameKind.Unsubscribe, topics: 1 + this.int(0xfffffffe) };
        break;
      case 6:
        message = { kind: this.int(2) ? FrameKind.Ping : FrameKind.Pong };
        break;
      case 7:
        return this.authFrames[this.int(this.authFrames.length)];
      case 8:
        message = { kind: FrameKind.Error, code: this.int(65536), message: 'fuzz' };
        break;
      case 9:
        message = { kind: FrameKind.Authenticated, nodeIndex: this.int(9), joined: 1, expected: 3, maxFrameBytes: 1 };
        break;
      case 10:
        message = {
          kind: FrameKind.Welcome,
          nodeIndex: 0,
          config: TEST_CONFIG,
          stakeTable: [{ publicKey: key(), stake: 1n }],
        };
        break;
      default:
        message = { kind: FrameKind.Authenticate, ...createAuthenticateLike(this, key()) };
    }
    return encodeFrame(message);
  }

  /** A valid frame, or a mutation of one, or plain random bytes. */
  fuzzFrame(): Uint8Array {
    const frame = this.validFrame().slice();
    switch (this.int(10)) {
      case 0:
        return frame;
      case 1: {
        for (let flips = 1 + this.int(4); flips > 0; flips--) frame[this.int(frame.length)] ^= 1 << this.int(8);
        return frame;
      }
      case 2:
        frame[4] = this.int(256);
        return frame;
      case 3:
        return frame.subarray(0, this.int(frame.length));
      case 4: {
        const longer = new Uint8Array(frame.length + 1 + this.int(64));
        longer.set(frame);
        longer.set(this.bytes(longer.length - frame.length), frame.length);
        return longer;
      }
      case 5: {
        const lengths = [0, 1, 2, 0xffffffff, 0x7fffffff, 64 * 1024, 64 * 1024 + 1, frame.length, this.int(2 ** 32)];
        new DataView(frame.buffer).setUint32(0, lengths[this.int(lengths.length)]);
        return frame;
      }
      case 6:
        return this.bytes(1 + this.int(300));
      case 7: {
        // Length prefix kept consistent, body randomised: reaches the per-kind decoders.
        frame.set(this.bytes(frame.length - 5), 5);
        return frame;
      }
      case 8: {
        const second = this.validFrame();
        const joined = new Uint8Array(frame.length + second.length);
        joined.set(frame);
        joined.set(second, frame.length);
        joined[this.int(joined.length)] = this.int(256);
        return joined;
      }
      default:
        return frame.subarray(0, Math.max(5, frame.length - 1 - this.int(8)));
    }
  }
}

function createAuthenticateLike(fuzzer: FrameFuzzer, publicKey: Uint8Array) {
  return { publicKey, timestampMs: Date.now() - 10_000 + fuzzer.int(20_000), signature: fuzzer.bytes(96) };
}

/** Whether the broker keeps an authenticated connection open after this frame (it decodes and is allowed). */
export function isAcceptedWhenAuthenticated(frame: Uint8Array): boolean {
  try {
    return ACCEPTED_WHEN_AUTHENTICATED.has(decodeFrame(frame).kind);
  } catch {
    return false;
  }
}

/** Signed Authenticate frames for mutation (signing is slow, so a few are made once). */
export function authFramesFor(keys: readonly BlsKeyPair[]): Uint8Array[] {
  return keys.map((key) => encodeFrame(createAuthenticate(key, Date.now())));
}
