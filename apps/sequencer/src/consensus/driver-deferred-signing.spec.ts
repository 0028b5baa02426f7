import {
  BlsConsensusCrypto,
  createConsensusContext,
  type ConsensusMessage,
  type PersistedConsensusState,
} from '@hotshot/consensus';
import { StakeTableKeys, demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import {
  InProcessSigner,
  SignerUnavailableError,
  SigningProtectionDb,
  type SignedDigest,
  type Signer,
  type SigningRequest,
} from '@hotshot/signer';
import { openSqliteDatabase, SqliteAvailabilityStore, SqliteSafetyStore, type DecidedBlock } from '@hotshot/storage';
import { silentLogger } from '@hotshot/telemetry';
import type { Hex } from 'viem';
import { setTimeout as sleep } from 'node:timers/promises';
import { Mempool } from '../mempool/mempool';
import { NodeMetrics } from '../metrics/node-metrics';
import { NodeSigning } from '../signing/node-signing';
import { ConsensusDriver, MissingSignerError, type ConsensusDriverDeps } from './consensus-driver';

const key = demoKeyPair('driver-deferred-signing', 0);
const config = { ...DEFAULT_CONSENSUS_CONFIG, viewTimeoutMs: 300, timeoutRatio: 1 };

/** A real in-process signer (with its own double-sign record) that can be told to fail like a remote one. */
class FlakySigner implements Signer {
  unavailable = false;
  readonly protection = SigningProtectionDb.open(':memory:', config.chainId);
  private readonly inner = new InProcessSigner({ keys: [key], protection: this.protection });
  publicKeys(): Promise<readonly Hex[]> {
    return this.inner.publicKeys();
  }
  sign(publicKey: Hex, request: SigningRequest): Promise<SignedDigest> {
    if (this.unavailable) return Promise.reject(new SignerUnavailableError('the test signer is down'));
    return this.inner.sign(publicKey, request);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A one-node network signing deferred through `signer`: it leads every view and its own vote is a quorum. */
function deferredNode(signer: Signer) {
  const stakeTable = [{ publicKey: key.publicKey, stake: 1n }];
  const ctx = createConsensusContext({
    config,
    stakeTable,
    self: 0,
    // No secret key: a deferred core must never sign in step.
    crypto: new BlsConsensusCrypto(new StakeTableKeys(stakeTable), undefined),
    options: { signing: 'deferred' },
  });
  const db = openSqliteDatabase(':memory:');
  const metrics = new NodeMetrics();
  const sent: ConsensusMessage[] = [];
  const decided: DecidedBlock[] = [];
  const deps: ConsensusDriverDeps = {
    ctx,
    safety: new SqliteSafetyStore<PersistedConsensusState>(db),
    availability: new SqliteAvailabilityStore(db),
    sender: { broadcast: (_, m) => sent.push(m), sendTo: () => undefined },
    mempool: new Mempool({
      maxTxBytes: config.maxTxBytes,
      maxPendingTxs: 10,
      maxPendingBytes: 1 << 20,
      decidedMemory: 10,
    }),
    metrics,
    log: silentLogger,
    clock: Date.now,
    emptyBlockIntervalMs: 0,
    l1Head: () => 0,
    requestLeaves: () => undefined,
    onDecided: (blocks) => decided.push(...blocks),
    onFatal: (error) => {
      throw error;
    },
  };
  const signing = new NodeSigning({ kind: 'remote', publicKey: key.publicKey, signer }, metrics, deps.log);
  const driver = new ConsensusDriver({ ...deps, signing });
  const counts = async (metric: 'signatures' | 'signingRefusals') =>
    Object.fromEntries(
      (await metrics[metric].get()).values.map((v) => [Object.values(v.labels).join('/'), v.value] as const),
    );
  return { driver, deps, sent, decided, counts, stop: () => driver.stop().then(() => db.close()) };
}

async function waitFor(
  condition: () => boolean,
  what: string,
  limitMs = 60_000,
  refresh?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (await refresh?.(); !condition(); await refresh?.()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('ConsensusDriver with deferred signing', () => {
  jest.setTimeout(120_000);
  it('signs each message before it leaves and feeds its own votes back: a one-node network decides', async () => {
    const node = deferredNode(new FlakySigner());
    await node.driver.start();
    try {
      await waitFor(() => node.decided.length >= 5, 'five decided blocks');
      // Everything sent carries a real signature, none the empty one the core left.
      expect(node.sent.length).toBeGreaterThan(0);
      expect(node.sent.every((message) => message.signature.length === 96)).toBe(true);
      const signed = await node.counts('signatures');
      expect(signed['proposal']).toBeGreaterThanOrEqual(5);
      expect(signed['quorum-vote']).toBeGreaterThanOrEqual(5);
    } finally {
      await node.stop();
    }
  });

  it('drops what the signer refuses, counts it by reason, and keeps running: views go on timing out', async () => {
    const signer = new FlakySigner();
    // The record already holds a later quorum vote (say, from before the node's database was wiped).
    signer.protection.record({
      publicKey: publicKeyToHex(key.publicKey),
      kind: 'quorum-vote',
      position: 1_000_000,
      digest: `0x${'11'.repeat(32)}`,
    });
    const node = deferredNode(signer);
    await node.driver.start();
    try {
      await waitFor(() => node.driver.current.view >= 4, 'view 4, by timeouts');
      expect(node.decided).toEqual([]);
      const refused = await node.counts('signingRefusals');
      expect(refused['quorum-vote/below-watermark']).toBeGreaterThanOrEqual(2);
      // Down: its own timeout is not signed, so this lone node cannot leave the view, but its timer keeps firing.
      signer.unavailable = true;
      const view = node.driver.current.view;
      let unavailable = 0;
      await waitFor(
        () => unavailable >= 2,
        'two unanswered timeouts',
        60_000,
        async () => {
          unavailable = (await node.counts('signingRefusals'))['timeout-vote/unavailable'] ?? 0;
        },
      );
      // Back: the next timeout is signed and the views move again.
      signer.unavailable = false;
      await waitFor(() => node.driver.current.view > view, 'a view after the signer is back');
    } finally {
      await node.stop();
    }
  });

  it('refuses to run a deferred core without a signer', () => {
    const node = deferredNode(new FlakySigner());
    expect(() => new ConsensusDriver(node.deps)).toThrow(MissingSignerError);
  });
});
