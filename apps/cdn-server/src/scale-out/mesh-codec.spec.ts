import fc from 'fast-check';
import { CdnProtocolError, MalformedFrameError } from '@hotshot/cdn';
import { writeU32 } from '@hotshot/protocol';
import { MeshKind, decodeMeshFrame, encodeMeshFrame, type MeshMessage } from './mesh-codec';

const key = (fill: number) => new Uint8Array(48).fill(fill);

describe('mesh codec', () => {
  const samples: MeshMessage[] = [
    { kind: MeshKind.Hello, brokerId: 'broker-ä', token: new Uint8Array(32).fill(9) },
    { kind: MeshKind.UserState, publicKey: key(1), epoch: 2 ** 53 - 1, index: 0xffffffff, topics: 0b11 },
    { kind: MeshKind.UserGone, publicKey: key(2), epoch: 7 },
  ];

  it.each(samples.map((m) => [m.kind, m] as const))('round-trips kind %i', (_kind, message) => {
    const frame = encodeMeshFrame(message);
    expect(frame.length - 4).toBe(new DataView(frame.buffer).getUint32(0));
    expect(decodeMeshFrame(frame)).toEqual(message);
  });

  it('refuses an epoch beyond 2^53, a hello whose id length lies, and a body of the wrong size', () => {
    const state = encodeMeshFrame(samples[1]);
    state[5 + 48] = 0xff;
    expect(() => decodeMeshFrame(state)).toThrow(MalformedFrameError);
    const hello = encodeMeshFrame(samples[0]);
    hello[5] += 1;
    expect(() => decodeMeshFrame(hello)).toThrow('wrong hello layout');
    const gone = encodeMeshFrame(samples[2]);
    const longer = new Uint8Array(gone.length + 1);
    longer.set(gone);
    writeU32(longer, 0, gone.length - 3);
    expect(() => decodeMeshFrame(longer)).toThrow('wrong body length');
  });

  it('throws nothing but CdnProtocolError on arbitrary bodies of the mesh kinds', () => {
    fc.assert(
      fc.property(fc.constantFrom(32, 33, 34, 3, 0), fc.uint8Array({ maxLength: 120 }), (kind, body) => {
        const frame = new Uint8Array(5 + body.length);
        writeU32(frame, 0, 1 + body.length);
        frame[4] = kind;
        frame.set(body, 5);
        try {
          decodeMeshFrame(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(CdnProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
