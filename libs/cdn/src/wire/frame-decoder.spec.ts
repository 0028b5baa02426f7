import fc from 'fast-check';
import { encodeBroadcast, encodeFrame } from './frame-codec';
import { FrameDecoder } from './frame-decoder';
import { FrameKind } from './frame-kind';
import { CdnProtocolError, FrameTooLargeError, MalformedFrameError } from './wire-errors';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function decodeChunks(decoder: FrameDecoder, chunks: Uint8Array[]): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (const chunk of chunks) decoder.push(chunk, (frame) => frames.push(frame.slice()));
  return frames;
}

const frames = [
  encodeBroadcast(1, new Uint8Array(70).fill(3)),
  encodeFrame({ kind: FrameKind.Ping }),
  encodeBroadcast(2, new Uint8Array(0)),
  encodeFrame({ kind: FrameKind.Subscribe, topics: 3 }),
];
const stream = concat(frames);

describe('FrameDecoder', () => {
  it('yields frames packed into one chunk, as views into it', () => {
    const views: Uint8Array[] = [];
    new FrameDecoder().push(stream, (frame) => views.push(frame));
    expect(views).toEqual(frames);
    expect(views.every((view) => view.buffer === stream.buffer)).toBe(true);
  });

  it('yields the same frames for a split at every byte', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decodeChunks(new FrameDecoder(), [stream.subarray(0, cut), stream.subarray(cut)])).toEqual(frames);
    }
  });

  it('yields the same frames when fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    const bytes = [...stream].map((b) => Uint8Array.of(b));
    expect(decodeChunks(decoder, bytes)).toEqual(frames);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('yields the same frames for any chunking of any frame sequence', () => {
    const frameArb = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((bytes) => encodeBroadcast(1, bytes)),
      fc.constant(encodeFrame({ kind: FrameKind.Pong })),
    );
    fc.assert(
      fc.property(
        fc.array(frameArb, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (list, cuts) => {
          const all = concat(list);
          const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let start = 0;
          for (const point of [...points, all.length]) {
            chunks.push(all.subarray(start, point));
            start = point;
          }
          expect(decodeChunks(new FrameDecoder(), chunks)).toEqual(list);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an oversized length prefix as soon as the prefix is complete, before the body arrives', () => {
    const decoder = new FrameDecoder(1000);
    decoder.push(Uint8Array.of(0xff, 0xff), () => undefined);
    expect(() => decoder.push(Uint8Array.of(0xff, 0xff), () => undefined)).toThrow(FrameTooLargeError);
    expect(() => new FrameDecoder(1000).push(Uint8Array.of(0, 0, 3, 233), () => undefined)).toThrow(FrameTooLargeError);
    expect(() => new FrameDecoder(1000).push(Uint8Array.of(0, 0, 3, 232), () => undefined)).not.toThrow();
  });

  it('refuses an empty frame', () => {
    expect(() => new FrameDecoder().push(Uint8Array.of(0, 0, 0, 0), () => undefined)).toThrow(MalformedFrameError);
  });

  it('applies a raised limit to frames whose prefix comes later', () => {
    const decoder = new FrameDecoder(10);
    const big = encodeBroadcast(1, new Uint8Array(50));
    expect(() => decoder.push(big, () => undefined)).toThrow(FrameTooLargeError);
    const raised = new FrameDecoder(10);
    raised.setMaxFrameBytes(100);
    expect(decodeChunks(raised, [big])).toEqual([big]);
  });

  it('throws only CdnProtocolError on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        try {
          decodeChunks(new FrameDecoder(4096), chunks);
        } catch (error) {
          expect(error).toBeInstanceOf(CdnProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
