import fc from 'fast-check';
import { DEFAULT_CONSENSUS_CONFIG, UnencodableValueError, writeU32 } from '@hotshot/protocol';
import { decodeFrame, encodeBroadcast, encodeFrame, stampSender, topicMask, topicsOfMask } from './frame-codec';
import { ErrorCode, FrameKind, Topic } from './frame-kind';
import type { CdnMessage } from './messages';
import { CdnProtocolError, MalformedFrameError, UnknownFrameKindError } from './wire-errors';

const key = (fill: number) => new Uint8Array(48).fill(fill);

const samples: CdnMessage[] = [
  {
    kind: FrameKind.Authenticate,
    publicKey: key(1),
    timestampMs: 1_700_000_000_123,
    signature: new Uint8Array(96).fill(2),
  },
  { kind: FrameKind.Authenticated, nodeIndex: 3, joined: 4, expected: 5, maxFrameBytes: 8 << 20 },
  {
    kind: FrameKind.Welcome,
    nodeIndex: 1,
    config: { ...DEFAULT_CONSENSUS_CONFIG, chainId: 2n ** 64n - 1n, timeoutRatio: 1.25 },
    stakeTable: [
      { publicKey: key(7), stake: 1n },
      { publicKey: key(8), stake: 2n ** 200n },
    ],
  },
  { kind: FrameKind.Broadcast, sender: 9, topics: 0b11, bytes: new Uint8Array([1, 2, 3]) },
  { kind: FrameKind.Broadcast, sender: 0, topics: 1, bytes: new Uint8Array(0) },
  { kind: FrameKind.Direct, recipient: key(5), sender: 0xffffffff, bytes: new Uint8Array([9]) },
  { kind: FrameKind.Subscribe, topics: 2 },
  { kind: FrameKind.Unsubscribe, topics: 0x80000000 },
  { kind: FrameKind.Ping },
  { kind: FrameKind.Pong },
  { kind: FrameKind.Error, code: ErrorCode.StaleTimestamp, message: 'stale – ünïcode' },
  { kind: FrameKind.Redirect, permit: new Uint8Array(32).fill(3), endpoint: '[::1]:50001' },
  { kind: FrameKind.Permit, permit: new Uint8Array(32).fill(4) },
];

describe('frame codec', () => {
  it.each(samples.map((m) => [m.kind, m] as const))('round-trips kind %i', (_kind, message) => {
    const frame = encodeFrame(message);
    expect(frame.length - 4).toBe(new DataView(frame.buffer).getUint32(0));
    expect(frame[4]).toBe(message.kind);
    expect(decodeFrame(frame)).toEqual(message);
  });

  it('round-trips arbitrary broadcasts and directs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.nat({ max: 0xffffffff }),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 48, maxLength: 48 }),
        (topics, sender, bytes, recipient) => {
          expect(decodeFrame(encodeFrame({ kind: FrameKind.Broadcast, sender, topics, bytes }))).toEqual({
            kind: FrameKind.Broadcast,
            sender,
            topics,
            bytes,
          });
          expect(decodeFrame(encodeFrame({ kind: FrameKind.Direct, sender, recipient, bytes }))).toEqual({
            kind: FrameKind.Direct,
            sender,
            recipient,
            bytes,
          });
        },
      ),
    );
  });

  it('hands out payloads as views into the frame, not copies', () => {
    const frame = encodeBroadcast(1, new Uint8Array([5, 6, 7]));
    const message = decodeFrame(frame);
    if (message.kind !== FrameKind.Broadcast) throw new Error('expected a broadcast');
    expect(message.bytes.buffer).toBe(frame.buffer);
  });

  it('stamps the sender in place without touching the payload', () => {
    const frame = encodeBroadcast(1, new Uint8Array([5, 6, 7]), 0);
    stampSender(frame, 42);
    expect(decodeFrame(frame)).toMatchObject({ sender: 42, bytes: new Uint8Array([5, 6, 7]) });
    const direct = encodeFrame({ kind: FrameKind.Direct, recipient: key(1), sender: 0, bytes: new Uint8Array([4]) });
    stampSender(direct, 7);
    expect(decodeFrame(direct)).toMatchObject({ sender: 7, recipient: key(1), bytes: new Uint8Array([4]) });
  });

  it('maps topics to masks and back', () => {
    expect(topicMask([Topic.Global, Topic.Da])).toBe(3);
    expect(topicMask(31)).toBe(0x80000000);
    expect(topicsOfMask(0x80000003)).toEqual([0, 1, 31]);
    expect(() => topicMask(32)).toThrow(UnencodableValueError);
  });

  const withLength = (bytes: number[]) => {
    const frame = new Uint8Array(4 + bytes.length);
    writeU32(frame, 0, bytes.length);
    frame.set(bytes, 4);
    return frame;
  };

  it.each([
    ['unknown kind 0', withLength([0]), UnknownFrameKindError],
    ['unknown kind 200', withLength([200, 1, 2]), UnknownFrameKindError],
    ['short authenticate', withLength([FrameKind.Authenticate, 1, 2, 3]), MalformedFrameError],
    ['broadcast without topics', withLength([FrameKind.Broadcast, 0, 0, 0, 0, 0, 0, 0, 0]), MalformedFrameError],
    ['broadcast shorter than its header', withLength([FrameKind.Broadcast, 0, 0, 0]), MalformedFrameError],
    ['direct without recipient', withLength([FrameKind.Direct, 1, 2]), MalformedFrameError],
    ['ping with a body', withLength([FrameKind.Ping, 1]), MalformedFrameError],
    ['subscribe to nothing', withLength([FrameKind.Subscribe, 0, 0, 0, 0]), MalformedFrameError],
    ['welcome too short', withLength([FrameKind.Welcome, 0, 0]), MalformedFrameError],
    ['error without a code', withLength([FrameKind.Error, 1]), MalformedFrameError],
    ['prefix that lies', Uint8Array.of(0, 0, 0, 9, FrameKind.Ping), MalformedFrameError],
    ['permit of 31 bytes', withLength([FrameKind.Permit, ...new Array<number>(31).fill(1)]), MalformedFrameError],
    [
      'redirect without endpoint',
      withLength([FrameKind.Redirect, ...new Array<number>(32).fill(1)]),
      MalformedFrameError,
    ],
    [
      'redirect with a 256-byte endpoint',
      withLength([FrameKind.Redirect, ...new Array<number>(32 + 256).fill(0x61)]),
      MalformedFrameError,
    ],
  ])('refuses %s with a typed error', (_name, frame, type) => {
    expect(() => decodeFrame(frame)).toThrow(type);
  });

  it('refuses a welcome whose count disagrees with its length or whose index is outside the table', () => {
    const frame = encodeFrame(samples[2]);
    const lying = frame.slice();
    writeU32(lying, 5 + 44, 3);
    expect(() => decodeFrame(lying)).toThrow('stake table length does not match');
    const outside = frame.slice();
    writeU32(outside, 5, 2);
    expect(() => decodeFrame(outside)).toThrow('node index outside the stake table');
  });

  it('copies the keys of a welcome out of the frame as plain Uint8Arrays, even from a Node Buffer', () => {
    const frame = Buffer.from(encodeFrame(samples[2]));
    const message = decodeFrame(frame);
    if (message.kind !== FrameKind.Welcome) throw new Error('expected a welcome');
    const [first] = message.stakeTable;
    expect(Object.getPrototypeOf(first.publicKey)).toBe(Uint8Array.prototype);
    frame.fill(0);
    expect(message).toEqual(samples[2]);
  });

  it('refuses to encode a welcome whose stake or config a field cannot hold', () => {
    const welcome = samples[2];
    if (welcome.kind !== FrameKind.Welcome) throw new Error('expected a welcome');
    const [entry] = welcome.stakeTable;
    expect(() => encodeFrame({ ...welcome, stakeTable: [{ ...entry, stake: 2n ** 256n }] })).toThrow(
      UnencodableValueError,
    );
    expect(() => encodeFrame({ ...welcome, config: { ...welcome.config, timeoutRatio: Infinity } })).toThrow(
      UnencodableValueError,
    );
    expect(() => encodeFrame({ ...welcome, config: { ...welcome.config, chainId: -1n } })).toThrow(
      UnencodableValueError,
    );
  });

  it('refuses an authenticate timestamp beyond 2^53 ms', () => {
    const frame = encodeFrame(samples[0]);
    frame[5 + 48] = 0xff;
    expect(() => decodeFrame(frame)).toThrow(MalformedFrameError);
  });

  it('throws nothing but CdnProtocolError on arbitrary bytes behind a matching prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (body) => {
        try {
          decodeFrame(withLength([...body]));
        } catch (error) {
          expect(error).toBeInstanceOf(CdnProtocolError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts long error messages to the wire limit', () => {
    const frame = encodeFrame({ kind: FrameKind.Error, code: 1, message: 'é'.repeat(2000) });
    const message = decodeFrame(frame);
    if (message.kind !== FrameKind.Error) throw new Error('expected an error');
    expect(new TextEncoder().encode(message.message).length).toBeLessThanOrEqual(1024);
    expect(message.message.startsWith('éé')).toBe(true);
  });
});
