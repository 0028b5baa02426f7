import { transactionHash, type Transaction } from '@hotshot/protocol';
import type { AvailabilityStore } from '../availability-store';
import { SafetyViolationError, StorageError } from '../errors';
import { buildDecidedChain } from './chain-builder';

const tx = (namespace: number, text: string): Transaction => ({ namespace, payload: new TextEncoder().encode(text) });

/**
 * The behaviour every AvailabilityStore backend must show. Each backend's spec calls this with a factory that
 * returns a fresh, empty store.
 */
export function describeAvailabilityStore(backend: string, open: () => Promise<AvailabilityStore>): void {
  describe(`AvailabilityStore on ${backend}`, () => {
    let store: AvailabilityStore;
    const chain = buildDecidedChain(7n, [[tx(1, 'a'), tx(2, 'b'), tx(1, 'c')], [], [tx(3, 'd')]]);

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('is empty at first', async () => {
      expect(await store.latestHeight()).toBeUndefined();
      expect(await store.earliestHeight()).toBeUndefined();
      expect(await store.getBlock(0)).toBeUndefined();
    });

    it('returns what was appended, by height, by hash and in ranges', async () => {
      await store.appendDecided(chain);
      expect(await store.latestHeight()).toBe(3);
      expect(await store.earliestHeight()).toBe(0);
      expect(await store.getLeaf(1)).toEqual(chain[1]!.leaf);
      expect(await store.getHeader(3)).toEqual(chain[3]!.leaf.header);
      expect(await store.getBlock(1)).toEqual(chain[1]);
      expect(await store.getBlockByHash(chain[2]!.headerCommitment)).toEqual(chain[2]);
      expect(
        await store.getBlockByHash(chain[2]!.headerCommitment.toUpperCase().replace('0X', '0x') as `0x${string}`),
      ).toEqual(chain[2]);
      expect((await store.getBlocks(1, 3, 10)).map((b) => b.leaf.header.height)).toEqual([1, 2]);
      expect((await store.getBlocks(0, 100, 2)).map((b) => b.leaf.header.height)).toEqual([0, 1]);
    });

    it('indexes transactions by hash with their height and block position', async () => {
      await store.appendDecided(chain);
      const c = tx(1, 'c');
      // Block order is namespace-table order: namespace 1 (a, c) before namespace 2 (b).
      expect(await store.getTransaction(transactionHash(c))).toEqual({
        hash: transactionHash(c),
        height: 1,
        index: 1,
        transaction: c,
      });
      expect((await store.getTransaction(transactionHash(tx(2, 'b'))))?.index).toBe(2);
      expect((await store.getTransaction(transactionHash(tx(3, 'd'))))?.height).toBe(3);
      expect(await store.getTransaction(transactionHash(tx(9, 'nope')))).toBeUndefined();
    });

    it('finds a block by leaf commitment, and counts transactions and stored heights', async () => {
      expect(await store.countTransactions()).toBe(0);
      expect(await store.countStored()).toEqual({ leaves: 0, payloads: 0 });
      const { payload, ...headerOnly } = chain[3]!;
      await store.appendDecided([...chain.slice(0, 3), headerOnly]);
      expect(await store.getBlockByLeafCommitment(chain[2]!.leafCommitment)).toEqual(chain[2]);
      expect(await store.getBlockByLeafCommitment(chain[2]!.headerCommitment)).toBeUndefined();
      expect(await store.countStored()).toEqual({ leaves: 4, payloads: 3 });
      expect(await store.countTransactions()).toBe(3);
      expect(await store.countTransactions(1)).toBe(2);
      expect(await store.countTransactions(3)).toBe(0);
      await store.attachPayload(3, payload!);
      expect(await store.countTransactions(3)).toBe(1);
      expect(await store.countStored()).toEqual({ leaves: 4, payloads: 4 });
      await store.pruneBelow(2);
      expect(await store.countTransactions()).toBe(1);
      expect(await store.countStored()).toEqual({ leaves: 2, payloads: 2 });
    });

    it('skips a replayed decide and refuses a different leaf at a decided height', async () => {
      await store.appendDecided(chain.slice(0, 3));
      await store.appendDecided(chain.slice(1, 4));
      expect(await store.latestHeight()).toBe(3);
      const fork = buildDecidedChain(7n, [[tx(1, 'other')]]);
      await expect(store.appendDecided([fork[1]!])).rejects.toThrow(SafetyViolationError);
    });

    it('refuses a gap', async () => {
      await store.appendDecided(chain.slice(0, 2));
      await expect(store.appendDecided([chain[3]!])).rejects.toThrow(StorageError);
      expect(await store.latestHeight()).toBe(1);
    });

    it('takes its first block at any height when empty, then refuses gaps again', async () => {
      await store.appendDecided(chain.slice(2, 4));
      expect(await store.earliestHeight()).toBe(2);
      expect(await store.latestHeight()).toBe(3);
      const longer = buildDecidedChain(7n, [[tx(1, 'a'), tx(2, 'b'), tx(1, 'c')], [], [tx(3, 'd')], [], [tx(5, 'f')]]);
      await expect(store.appendDecided([longer[5]!])).rejects.toThrow('without gaps');
    });

    describe('a warm start (startChain)', () => {
      const longer = buildDecidedChain(7n, [
        [tx(1, 'a'), tx(2, 'b'), tx(1, 'c')],
        [],
        [tx(3, 'd')],
        [tx(4, 'e')],
        [tx(5, 'f')],
        [tx(6, 'g')],
      ]);

      it('starts the chain anew above a gap, deleting everything below as pruning does', async () => {
        await store.appendDecided(longer.slice(0, 3));
        await store.putFinalityCertificate({
          height: 2,
          headerCommitment: longer[2]!.headerCommitment,
          certificate: { signers: new Uint8Array([7]), signature: new Uint8Array(96) },
        });
        await store.appendDecided(longer.slice(4, 6), { startChain: true });
        expect(await store.earliestHeight()).toBe(4);
        expect(await store.latestHeight()).toBe(5);
        expect(await store.getBlock(2)).toBeUndefined();
        expect(await store.getFinalityCertificate(2)).toBeUndefined();
        expect(await store.latestFinalityCertificate()).toBeUndefined();
        expect(await store.getTransaction(transactionHash(tx(1, 'a')))).toBeUndefined();
        expect(await store.getBlock(5)).toEqual(longer[5]);
        expect((await store.getTransaction(transactionHash(tx(4, 'e'))))?.height).toBe(4);
        // The new chain continues, replays are skipped, and a different leaf at a stored height is still refused.
        await store.appendDecided(longer.slice(5, 7));
        expect(await store.latestHeight()).toBe(6);
        const fork = buildDecidedChain(7n, [[tx(1, 'other')], [], [], [], []]);
        await expect(store.appendDecided([fork[5]!], { startChain: true })).rejects.toThrow(SafetyViolationError);
        expect(await store.earliestHeight()).toBe(4);
      });

      it('is a plain append on an empty store and when there is no gap', async () => {
        await store.appendDecided(longer.slice(3, 5), { startChain: true });
        expect(await store.earliestHeight()).toBe(3);
        await store.appendDecided(longer.slice(4, 7), { startChain: true });
        expect(await store.earliestHeight()).toBe(3);
        expect(await store.latestHeight()).toBe(6);
        expect((await store.getBlocks(0, 10, 10)).map((b) => b.leaf.header.height)).toEqual([3, 4, 5, 6]);
      });
    });

    it('stores a header first and attaches its payload later', async () => {
      const { payload, ...headerOnly } = chain[1]!;
      await store.appendDecided([chain[0]!, headerOnly]);
      expect((await store.getBlock(1))?.payload).toBeUndefined();
      expect(await store.getTransaction(transactionHash(tx(1, 'a')))).toBeUndefined();
      await store.attachPayload(1, payload!);
      expect((await store.getBlock(1))?.payload).toEqual(payload);
      expect((await store.getTransaction(transactionHash(tx(1, 'a'))))?.height).toBe(1);
      await expect(store.attachPayload(9, payload!)).rejects.toThrow(StorageError);
    });

    it('keeps finality certificates by height and answers the latest', async () => {
      await store.appendDecided(chain);
      const cert = (height: number) => ({
        height,
        headerCommitment: chain[height]!.headerCommitment,
        certificate: { signers: new Uint8Array([7]), signature: new Uint8Array(96).fill(height) },
      });
      expect(await store.latestFinalityCertificate()).toBeUndefined();
      await store.putFinalityCertificate(cert(1));
      await store.putFinalityCertificate(cert(3));
      await store.putFinalityCertificate(cert(2));
      expect(await store.getFinalityCertificate(2)).toEqual(cert(2));
      expect(await store.latestFinalityCertificate()).toEqual(cert(3));
    });

    it('stores one copy when the same blocks are appended twice at once', async () => {
      await Promise.all([store.appendDecided(chain), store.appendDecided(chain)]);
      expect((await store.getBlocks(0, 100, 100)).map((b) => b.leaf.header.height)).toEqual([0, 1, 2, 3]);
      expect(await store.getBlock(1)).toEqual(chain[1]);
      expect((await store.getTransaction(transactionHash(tx(1, 'c'))))?.index).toBe(1);
    });

    it('prunes below a height, keeping the newest block, and reports it', async () => {
      await store.appendDecided(chain);
      expect(await store.pruneBelow(2)).toBe(2);
      expect(await store.earliestHeight()).toBe(2);
      expect(await store.getBlock(1)).toBeUndefined();
      expect(await store.getTransaction(transactionHash(tx(1, 'a')))).toBeUndefined();
      expect((await store.getTransaction(transactionHash(tx(3, 'd'))))?.height).toBe(3);
      expect(await store.pruneBelow(100)).toBe(1);
      expect(await store.latestHeight()).toBe(3);
      await store.appendDecided(
        buildDecidedChain(7n, [[tx(1, 'a'), tx(2, 'b'), tx(1, 'c')], [], [tx(3, 'd')], [tx(4, 'e')]]).slice(4),
      );
      expect(await store.latestHeight()).toBe(4);
    });
  });
}
