import { SafetyViolationError } from '../errors';
import type { SafetyStore } from '../safety-store';

/** A fresh, empty safety store and the means to restart it, as a backend's spec provides them. */
export interface SafetyStoreHarness<TState> {
  readonly store: SafetyStore<TState>;
  /** Closes the store and opens the same storage again, as a node restart would. */
  reopen(): Promise<SafetyStore<TState>>;
  /** Releases the storage (files, connections). */
  close(): Promise<void>;
}

interface CoreState {
  lastActionedView: number;
  highQc: { view: number; signature: Uint8Array; stake: bigint };
}

const digestA = `0x${'aa'.repeat(32)}` as const;
const digestB = `0x${'bb'.repeat(32)}` as const;

/**
 * The behaviour every SafetyStore backend must show. Each backend's spec calls this with a factory that returns
 * a harness around a fresh, empty store.
 */
export function describeSafetyStore(backend: string, open: <TState>() => Promise<SafetyStoreHarness<TState>>): void {
  describe(`SafetyStore on ${backend}`, () => {
    let harness: SafetyStoreHarness<CoreState>;
    let store: SafetyStore<CoreState>;

    beforeEach(async () => {
      harness = await open<CoreState>();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('has no state before the first save', async () => {
      expect(await store.loadState()).toBeUndefined();
    });

    it('keeps state, bytes and bigints across a reopen', async () => {
      const state: CoreState = {
        lastActionedView: 7,
        highQc: { view: 6, signature: new Uint8Array([1, 2, 3]), stake: 2n ** 70n },
      };
      await store.saveState(state, 7);
      const reopened = await harness.reopen();
      expect(await reopened.loadState()).toEqual(state);
    });

    it('refuses a last actioned view that goes backwards, and keeps the old state', async () => {
      const later: CoreState = { lastActionedView: 9, highQc: { view: 8, signature: new Uint8Array(), stake: 1n } };
      await store.saveState(later, 9);
      await store.saveState(later, 9);
      await expect(store.saveState({ ...later, lastActionedView: 8 }, 8)).rejects.toThrow(SafetyViolationError);
      expect((await store.loadState())?.lastActionedView).toBe(9);
    });

    it('records actions once, tolerates the same action again, and refuses a different one in the same view', async () => {
      await store.recordAction({ view: 3, kind: 'quorum-vote', digest: digestA });
      await store.recordAction({ view: 3, kind: 'quorum-vote', digest: digestA });
      await store.recordAction({ view: 3, kind: 'timeout-vote', digest: digestB });
      await expect(store.recordAction({ view: 3, kind: 'quorum-vote', digest: digestB })).rejects.toThrow(
        'a different action was already taken in this view',
      );
      expect(await store.listActions()).toEqual([
        { view: 3, kind: 'quorum-vote', digest: digestA },
        { view: 3, kind: 'timeout-vote', digest: digestB },
      ]);
      expect(await store.listActions(4)).toEqual([]);
    });

    it('lists actions in view order, then kind order, from a given view', async () => {
      await store.recordAction({ view: 5, kind: 'proposal', digest: digestA });
      await store.recordAction({ view: 2, kind: 'timeout-vote', digest: digestA });
      await store.recordAction({ view: 5, kind: 'da-vote', digest: digestB });
      await store.recordAction({ view: 2, kind: 'da-vote', digest: digestB });
      expect((await store.listActions()).map((a) => `${a.view}:${a.kind}`)).toEqual([
        '2:da-vote',
        '2:timeout-vote',
        '5:da-vote',
        '5:proposal',
      ]);
      expect((await store.listActions(3)).map((a) => `${a.view}:${a.kind}`)).toEqual(['5:da-vote', '5:proposal']);
    });

    it('lets exactly one of two different concurrent actions in one view through', async () => {
      const results = await Promise.allSettled([
        store.recordAction({ view: 11, kind: 'quorum-vote', digest: digestA }),
        store.recordAction({ view: 11, kind: 'quorum-vote', digest: digestB }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(rejected.reason).toBeInstanceOf(SafetyViolationError);
      const winner = results[0]!.status === 'fulfilled' ? digestA : digestB;
      expect(await store.listActions(11)).toEqual([{ view: 11, kind: 'quorum-vote', digest: winner }]);
    });

    it('never lets concurrent saves move the last actioned view backwards', async () => {
      const state = (view: number): CoreState => ({
        lastActionedView: view,
        highQc: { view: view - 1, signature: new Uint8Array([view]), stake: BigInt(view) },
      });
      await Promise.allSettled([20, 22, 21, 23, 19].map((view) => store.saveState(state(view), view)));
      expect(await store.loadState()).toEqual(state(23));
      await expect(store.saveState(state(22), 22)).rejects.toThrow(SafetyViolationError);
    });

    describe('commit', () => {
      const payload = (byte: number, view: number) => ({
        commitment: `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as const,
        view,
        bytes: new Uint8Array(1000).fill(byte),
      });
      const state = (view: number): CoreState => ({
        lastActionedView: view,
        highQc: { view: view - 1, signature: new Uint8Array([view]), stake: 1n },
      });

      it('writes payloads, actions and state together, durable across a reopen', async () => {
        const [a, b] = [payload(0xa1, 4), payload(0xb2, 5)];
        await store.commit({
          payloads: [a, b],
          actions: [{ view: 5, kind: 'quorum-vote', digest: digestA }],
          state: state(5),
          lastActionedView: 5,
          dropPayloadsBelowView: 0,
        });
        const reopened = await harness.reopen();
        expect(await reopened.loadState()).toEqual(state(5));
        expect(await reopened.listActions()).toEqual([{ view: 5, kind: 'quorum-vote', digest: digestA }]);
        const found = await reopened.loadPayloads([a.commitment, b.commitment, digestB]);
        expect([...found.keys()]).toEqual(expect.arrayContaining([a.commitment, b.commitment]));
        expect(found.size).toBe(2);
        expect(Buffer.from(found.get(b.commitment)!)).toEqual(Buffer.from(b.bytes));
      });

      it('drops payloads below the given view, keeping one a newer leaf still carries', async () => {
        const [old, shared] = [payload(0x01, 3), payload(0x02, 3)];
        await store.commit({
          payloads: [old, shared],
          actions: [],
          state: state(3),
          lastActionedView: 3,
          dropPayloadsBelowView: 0,
        });
        // A later leaf with the same payload (an empty block, say) raises its view.
        await store.commit({
          payloads: [{ ...shared, view: 8 }],
          actions: [],
          state: state(8),
          lastActionedView: 8,
          dropPayloadsBelowView: 6,
        });
        const found = await store.loadPayloads([old.commitment, shared.commitment]);
        expect([...found.keys()]).toEqual([shared.commitment]);
      });

      it('writes nothing when an action equivocates or the view goes backwards', async () => {
        await store.commit({
          payloads: [],
          actions: [{ view: 9, kind: 'quorum-vote', digest: digestA }],
          state: state(9),
          lastActionedView: 9,
          dropPayloadsBelowView: 0,
        });
        const extra = payload(0x0c, 10);
        await expect(
          store.commit({
            payloads: [extra],
            actions: [{ view: 9, kind: 'quorum-vote', digest: digestB }],
            state: state(10),
            lastActionedView: 10,
            dropPayloadsBelowView: 0,
          }),
        ).rejects.toThrow(SafetyViolationError);
        await expect(
          store.commit({
            payloads: [extra],
            actions: [],
            state: state(8),
            lastActionedView: 8,
            dropPayloadsBelowView: 0,
          }),
        ).rejects.toThrow(SafetyViolationError);
        expect(await store.loadState()).toEqual(state(9));
        expect((await store.loadPayloads([extra.commitment])).size).toBe(0);
      });
    });
  });
}
