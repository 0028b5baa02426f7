import { BlsConsensusCrypto, createConsensusContext } from '@hotshot/consensus';
import { StakeTableKeys, demoKeyPair } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG, transactionHash } from '@hotshot/protocol';
import { openSqliteDatabase, SqliteAvailabilityStore, SqliteSafetyStore, type DecidedBlock } from '@hotshot/storage';
import { silentLogger } from '@hotshot/telemetry';
import { setTimeout as sleep } from 'node:timers/promises';
import { Mempool } from '../mempool/mempool';
import { NodeMetrics } from '../metrics/node-metrics';
import { ConsensusDriver } from './consensus-driver';

/** A one-node network: the node leads every view and its own vote is a quorum, so views need no peer. */
function oneNodeDriver(emptyBlockIntervalMs: number) {
  const key = demoKeyPair('consensus-driver-spec', 0);
  const stakeTable = [{ publicKey: key.publicKey, stake: 1n }];
  // A view timeout far above any wait here: a view may only end by a certificate, never by the timer.
  const config = { ...DEFAULT_CONSENSUS_CONFIG, viewTimeoutMs: 600_000 };
  const ctx = createConsensusContext({
    config,
    stakeTable,
    self: 0,
    crypto: new BlsConsensusCrypto(new StakeTableKeys(stakeTable), key.secretKey),
  });
  const db = openSqliteDatabase(':memory:');
  const mempool = new Mempool({
    maxTxBytes: config.maxTxBytes,
    maxPendingTxs: 1000,
    maxPendingBytes: 1 << 24,
    decidedMemory: 1000,
  });
  const decided: DecidedBlock[] = [];
  const availability = new SqliteAvailabilityStore(db);
  const driver = new ConsensusDriver({
    ctx,
    safety: new SqliteSafetyStore(db),
    availability,
    sender: { broadcast: () => undefined, sendTo: () => undefined },
    mempool,
    metrics: new NodeMetrics(),
    log: silentLogger,
    clock: Date.now,
    emptyBlockIntervalMs,
    l1Head: () => 0,
    requestLeaves: () => undefined,
    onDecided: (blocks) => decided.push(...blocks),
    onFatal: (error) => {
      throw error;
    },
  });
  const stop = async () => {
    await driver.stop();
    db.close();
  };
  return { driver, mempool, availability, decided, stop };
}

async function waitFor(condition: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('ConsensusDriver: empty blocks on an idle chain', () => {
  it('without an interval, an idle network decides empty blocks as fast as it can', async () => {
    const node = oneNodeDriver(0);
    await node.driver.start();
    try {
      await waitFor(() => node.decided.length >= 20, 'twenty empty blocks');
    } finally {
      await node.stop();
    }
  });

  it('holds an empty block back for the interval, and a transaction ends the wait and is decided at once', async () => {
    const node = oneNodeDriver(600_000);
    await node.driver.start();
    try {
      // The first block (after genesis, timestamp 0) is not held; then the idle chain waits.
      await waitFor(() => node.driver.current.view >= 1 && node.driver.chainIdle(), 'the first view');
      await sleep(500);
      const heightWhileIdle = node.decided.length;
      const viewWhileIdle = node.driver.current.view;
      await sleep(500);
      expect(node.driver.current.view).toBe(viewWhileIdle);
      expect(node.decided.length).toBe(heightWhileIdle);
      expect(node.driver.currentViewProposed).toBe(false);

      const tx = { namespace: 7, payload: Uint8Array.of(1, 2, 3) };
      node.mempool.submit(tx);
      const hash = transactionHash(tx);
      // Deciding takes the block with the transaction and the (unheld) blocks after it: not the 10-minute wait.
      await waitFor(() => node.mempool.lookup(hash) === 'decided', 'the transaction decided');
      expect(node.decided.some((block) => (block.payload?.namespaceTable.length ?? 0) > 0)).toBe(true);
      // Once it is decided the chain is idle again, and empty blocks wait once more.
      await waitFor(() => node.driver.chainIdle(), 'an idle chain again');
      const after = node.decided.length;
      await sleep(500);
      expect(node.decided.length).toBeLessThanOrEqual(after + 1);
    } finally {
      await node.stop();
    }
  });
});

describe("ConsensusDriver: a decided block's transactions", () => {
  it('are indexed under the hashes the mempool computed on arrival, not hashed a second time', async () => {
    const node = oneNodeDriver(0);
    const knownHash = jest.spyOn(node.mempool, 'knownHash');
    await node.driver.start();
    try {
      const tx = { namespace: 9, payload: new Uint8Array(2000).fill(5) };
      const hash = transactionHash(tx);
      node.mempool.submit(tx, undefined, hash);
      await waitFor(() => node.mempool.lookup(hash) === 'decided', 'the transaction decided');
      // The block holds its own decoded copy of the bytes; the mempool recognised them.
      expect(knownHash).toHaveReturnedWith(hash);
      expect((await node.availability.getTransaction(hash))?.transaction).toEqual(tx);
    } finally {
      await node.stop();
    }
  });
});
