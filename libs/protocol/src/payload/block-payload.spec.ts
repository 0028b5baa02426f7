import fc from 'fast-check';
import { encodeAbiParameters, encodePacked, keccak256, zeroHash } from 'viem';
import {
  CommitmentMismatchError,
  CountMismatchError,
  DecodeError,
  InvalidFieldError,
  NamespaceOrderError,
} from '../errors/decode-errors';
import { EMPTY_PAYLOAD_COMMITMENT } from '../model/genesis';
import type { BlockPayload, Transaction } from '../model/types';
import { BoundExceededError, type BlockBounds } from './block-bounds';
import { blockTransactions, buildBlockPayload, checkBlockPayload } from './block-payload';
import { encodeNamespacePayload } from './namespace-payload';
import { NAMESPACE_TABLE_ABI, payloadCommitment } from './namespace-table';
import { transactionHash } from './transaction';

const bounds: BlockBounds = { maxTxBytes: 100, maxBlockBytes: 10_000, maxBlockTxs: 50 };
const tx = (namespace: number, ...bytes: number[]): Transaction => ({ namespace, payload: Uint8Array.from(bytes) });
const txArb = fc.record({
  namespace: fc.oneof(fc.nat(4), fc.constant(0xffff_ffff), fc.nat()),
  payload: fc.uint8Array({ maxLength: 100 }),
});
const txsArb = fc.array(txArb, { maxLength: 30 });

function boundOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof BoundExceededError) return error.bound;
    throw error;
  }
  return 'none';
}

describe('buildBlockPayload', () => {
  it('groups by namespace, keeps submission order inside one, and sorts the table', () => {
    const payload = buildBlockPayload([tx(7, 1), tx(2, 2), tx(7, 3), tx(0xffff_ffff, 4), tx(2, 5)], bounds);
    expect(payload.namespaceTable.map((e) => [e.namespace, e.txCount])).toEqual([
      [2, 2],
      [7, 2],
      [0xffff_ffff, 1],
    ]);
    expect(payload.namespacePayloads[0]).toEqual(encodeNamespacePayload([Uint8Array.of(2), Uint8Array.of(5)]));
    expect(payload.namespacePayloads[1]).toEqual(encodeNamespacePayload([Uint8Array.of(1), Uint8Array.of(3)]));
    expect(payload.namespaceTable[1].payloadHash).toBe(keccak256(payload.namespacePayloads[1]));
    expect(blockTransactions(payload)).toEqual([tx(2, 2), tx(2, 5), tx(7, 1), tx(7, 3), tx(0xffff_ffff, 4)]);
  });

  it('lists transactions as plain Uint8Array views into the namespace payload, even over a Node Buffer', () => {
    const built = buildBlockPayload([tx(7, 1), tx(7, 3)], bounds);
    // A payload read back from storage holds Node Buffers.
    const stored = { ...built, namespacePayloads: built.namespacePayloads.map((bytes) => Buffer.from(bytes)) };
    const [first, second] = blockTransactions(stored);
    expect(first!.payload.constructor).toBe(Uint8Array);
    expect(first!.payload.buffer).toBe(stored.namespacePayloads[0]!.buffer);
    expect(second!.payload).toEqual(Uint8Array.of(3));
  });

  it('builds the empty block whose commitment is the genesis payload commitment', () => {
    const empty = buildBlockPayload([], bounds);
    expect(empty).toEqual({ namespaceTable: [], namespacePayloads: [] });
    expect(checkBlockPayload(empty, bounds)).toEqual({ commitment: EMPTY_PAYLOAD_COMMITMENT, size: 0, txCount: 0 });
  });

  it('names the bound a transaction set breaks', () => {
    expect(boundOf(() => buildBlockPayload([tx(1, ...new Array(101).fill(0))], bounds))).toBe('maxTxBytes');
    expect(boundOf(() => buildBlockPayload(new Array(51).fill(tx(1)), bounds))).toBe('maxBlockTxs');
    const big = new Array(40).fill(0).map((_, i) => ({ namespace: i, payload: new Uint8Array(100) }));
    expect(boundOf(() => buildBlockPayload(big, { ...bounds, maxBlockBytes: 40 * 108 - 1 }))).toBe('maxBlockBytes');
    expect(boundOf(() => buildBlockPayload(big, { ...bounds, maxBlockBytes: 40 * 108 }))).toBe('none');
  });

  it('refuses a namespace that is not a uint32', () => {
    for (const namespace of [-1, 2 ** 32, 1.5, NaN]) {
      expect(() => buildBlockPayload([tx(namespace)], bounds)).toThrow(InvalidFieldError);
    }
  });

  it('checks what it builds: commitment, size and count agree with the table and the payloads', () => {
    fc.assert(
      fc.property(txsArb, (txs) => {
        const payload = buildBlockPayload(txs, { ...bounds, maxBlockTxs: 1000 });
        const checked = checkBlockPayload(payload, { ...bounds, maxBlockTxs: 1000 });
        expect(checked.txCount).toBe(txs.length);
        expect(checked.size).toBe(payload.namespacePayloads.reduce((s, p) => s + p.length, 0));
        expect(checked.commitment).toBe(
          keccak256(encodeAbiParameters([NAMESPACE_TABLE_ABI], [payload.namespaceTable as never])),
        );
        // Same multiset of transactions, stably sorted by namespace.
        const stable = txs.map((t, i) => ({ t, i })).sort((a, b) => a.t.namespace - b.t.namespace || a.i - b.i);
        expect(blockTransactions(payload)).toEqual(stable.map(({ t }) => t));
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkBlockPayload', () => {
  const good = buildBlockPayload([tx(1, 1, 2), tx(3, 3), tx(3, 4)], bounds);
  const withTable = (table: BlockPayload['namespaceTable'], payloads = good.namespacePayloads): BlockPayload => ({
    namespaceTable: table,
    namespacePayloads: payloads,
  });

  it('refuses a payload list that does not match the table', () => {
    expect(() => checkBlockPayload(withTable(good.namespaceTable, good.namespacePayloads.slice(1)), bounds)).toThrow(
      CountMismatchError,
    );
  });

  it('refuses unsorted and duplicate namespaces', () => {
    const [a, b] = good.namespaceTable;
    const reversed = () => checkBlockPayload(withTable([b, a], [...good.namespacePayloads].reverse()), bounds);
    expect(reversed).toThrow(expect.objectContaining({ reason: 'unsorted' }));
    const twice = () => checkBlockPayload(withTable([a, { ...b, namespace: 1 }]), bounds);
    expect(twice).toThrow(NamespaceOrderError);
    expect(twice).toThrow(expect.objectContaining({ reason: 'duplicate' }));
  });

  it('refuses a payload that does not hash to its entry', () => {
    const [a, b] = good.namespaceTable;
    expect(() => checkBlockPayload(withTable([a, { ...b, payloadHash: zeroHash }]), bounds)).toThrow(
      CommitmentMismatchError,
    );
    const swapped = encodeNamespacePayload([Uint8Array.of(9), Uint8Array.of(4)]);
    expect(() =>
      checkBlockPayload(withTable(good.namespaceTable, [good.namespacePayloads[0], swapped]), bounds),
    ).toThrow(CommitmentMismatchError);
  });

  it('refuses an entry whose txCount is not what its payload decodes to, or zero', () => {
    const [a, b] = good.namespaceTable;
    expect(() => checkBlockPayload(withTable([a, { ...b, txCount: 3 }]), bounds)).toThrow(CountMismatchError);
    const empty = encodeNamespacePayload([]);
    const emptyEntry = { namespace: 9, txCount: 0, payloadHash: keccak256(empty) };
    expect(() => checkBlockPayload(withTable([a, b, emptyEntry], [...good.namespacePayloads, empty]), bounds)).toThrow(
      InvalidFieldError,
    );
  });

  it('refuses malformed namespace payload bytes with a DecodeError', () => {
    const [a] = good.namespaceTable;
    const bad = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 9);
    const entry = { ...a, payloadHash: keccak256(bad) };
    expect(() => checkBlockPayload(withTable([entry], [bad]), bounds)).toThrow(DecodeError);
  });

  it('names the bound a received block breaks', () => {
    expect(boundOf(() => checkBlockPayload(good, { ...bounds, maxBlockTxs: 2 }))).toBe('maxBlockTxs');
    expect(boundOf(() => checkBlockPayload(good, { ...bounds, maxTxBytes: 1 }))).toBe('maxTxBytes');
    expect(boundOf(() => checkBlockPayload(good, { ...bounds, maxBlockBytes: 20 }))).toBe('maxBlockBytes');
  });

  it('answers for a block this process built what a full check of the same bytes finds, without checking again', () => {
    fc.assert(
      fc.property(txsArb, (txs) => {
        const built = buildBlockPayload(txs, bounds);
        // A copy is another object: it is checked in full, hashes included.
        const copy = { namespaceTable: [...built.namespaceTable], namespacePayloads: [...built.namespacePayloads] };
        const remembered = checkBlockPayload(built, bounds);
        expect(remembered).toEqual(checkBlockPayload(copy, bounds));
        expect(checkBlockPayload(built, bounds)).toBe(remembered);
        // Other bounds are checked afresh.
        expect(checkBlockPayload(built, { ...bounds })).toBe(remembered);
        expect(checkBlockPayload(built, { ...bounds, maxBlockTxs: 49 })).not.toBe(remembered);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses entries whose fields do not fit their ABI types', () => {
    const [a, b] = good.namespaceTable;
    expect(() => checkBlockPayload(withTable([a, { ...b, payloadHash: '0x1234' }]), bounds)).toThrow(InvalidFieldError);
    expect(() => checkBlockPayload(withTable([a, { ...b, namespace: 2 ** 32 }]), bounds)).toThrow(InvalidFieldError);
    expect(() => payloadCommitment([{ ...a, txCount: -1 }])).toThrow(InvalidFieldError);
  });
});

describe('transactionHash', () => {
  it('is keccak256(abi.encodePacked(uint32 namespace, payload))', () => {
    fc.assert(
      fc.property(txArb, ({ namespace, payload }) => {
        expect(transactionHash({ namespace, payload })).toBe(
          keccak256(encodePacked(['uint32', 'bytes'], [namespace, payloadHex(payload)])),
        );
      }),
      { numRuns: 200 },
    );
    expect(transactionHash(tx(1, 2))).not.toBe(transactionHash(tx(2, 2)));
    expect(() => transactionHash(tx(-1))).toThrow(InvalidFieldError);
  });
});

function payloadHex(payload: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(payload).toString('hex')}`;
}
