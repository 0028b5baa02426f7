import { StakeTableKeys, demoKeyPair, signDigest, verifyCertificate } from '@hotshot/crypto';
import { finalityDigest, type Bytes32, type StakeTable } from '@hotshot/protocol';
import {
  SqliteAvailabilityStore,
  openSqliteDatabase,
  type AvailabilityStore,
  type DecidedBlock,
} from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import { silentLogger } from '@hotshot/telemetry';
import { NodeMetrics } from '../metrics/node-metrics';
import type { NodeMessage } from '../network/node-message';
import { FinalityService } from './finality-service';

const CHAIN_ID = 5n;
const keyPairs = [0, 1, 2, 3].map((i) => demoKeyPair('finality-spec', i));
const stakeTable: StakeTable = keyPairs.map((k) => ({ publicKey: k.publicKey, stake: 1n }));
const keys = new StakeTableKeys(stakeTable);
/** Heights 0..10, decided in order. */
const chain = buildDecidedChain(
  CHAIN_ID,
  Array.from({ length: 10 }, () => []),
);
const AHEAD = 2;
const KEPT = 4;

const sign = (signer: number, block: DecidedBlock) =>
  signDigest(keyPairs[signer]!.secretKey, finalityDigest(CHAIN_ID, block.leaf.header.height, block.headerCommitment));

describe('FinalityService', () => {
  let store: AvailabilityStore;
  let metrics: NodeMetrics;
  let decided: number;
  let broadcast: NodeMessage[];
  let service: FinalityService;

  beforeEach(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain);
    metrics = new NodeMetrics();
    decided = 0;
    broadcast = [];
    service = new FinalityService({
      chainId: CHAIN_ID,
      self: 0,
      keys,
      quorum: 3n,
      sign: (height, headerCommitment) =>
        Promise.resolve(signDigest(keyPairs[0]!.secretKey, finalityDigest(CHAIN_ID, height, headerCommitment))),
      broadcast: (message) => broadcast.push(message),
      availability: store,
      metrics,
      log: silentLogger,
      decidedHeight: () => decided,
      window: { ahead: AHEAD, kept: KEPT },
    });
  });
  afterEach(() => store.close());

  /** This node decides `block` (its consensus state first, then the decide reaches the service). */
  const decide = async (block: DecidedBlock) => {
    decided = block.leaf.header.height;
    await service.onDecided([block]);
  };
  const refused = async () =>
    Object.fromEntries((await metrics.finalityRefused.get()).values.map((v) => [v.labels.reason, v.value]));

  it('signs what it decides, and at a quorum of matching signatures stores one verified certificate', async () => {
    const block = chain[3]!;
    await decide(block);
    expect(broadcast).toEqual([
      {
        kind: 'finality-signature',
        height: 3,
        headerCommitment: block.headerCommitment,
        signature: sign(0, block),
      },
    ]);
    await service.onSignature(1, 3, block.headerCommitment, sign(1, block));
    expect(await store.getFinalityCertificate(3)).toBeUndefined();
    await service.onSignature(2, 3, block.headerCommitment, sign(2, block));
    const certificate = await store.getFinalityCertificate(3);
    expect(certificate?.headerCommitment).toBe(block.headerCommitment);
    const digest = finalityDigest(CHAIN_ID, 3, block.headerCommitment);
    expect(() => verifyCertificate(keys, digest, certificate!.certificate, 3n)).not.toThrow();
  });

  it('keeps a signature a little ahead of its decided height, and counts it once it decides that height', async () => {
    const block = chain[2]!;
    await service.onSignature(1, 2, block.headerCommitment, sign(1, block));
    await service.onSignature(2, 2, block.headerCommitment, sign(2, block));
    await decide(block);
    expect((await store.getFinalityCertificate(2))?.headerCommitment).toBe(block.headerCommitment);
    expect(await refused()).toEqual({});
  });

  it('drops a bad signature that completed the quorum, refuses its signer a second try, and certifies with the next', async () => {
    const block = chain[4]!;
    await decide(block);
    await service.onSignature(1, 4, block.headerCommitment, sign(1, block));
    // Peer 3 replays peer 2's signature as its own: the stake is there, the aggregate fails, bisection finds it.
    await service.onSignature(3, 4, block.headerCommitment, sign(2, block));
    expect(await store.getFinalityCertificate(4)).toBeUndefined();
    await service.onSignature(3, 4, block.headerCommitment, sign(3, block));
    expect(await refused()).toEqual({ duplicate: 1 });
    await service.onSignature(2, 4, block.headerCommitment, sign(2, block));
    const certificate = await store.getFinalityCertificate(4);
    const digest = finalityDigest(CHAIN_ID, 4, block.headerCommitment);
    expect(() => verifyCertificate(keys, digest, certificate!.certificate, 3n)).not.toThrow();
  });

  it('refuses garbage heights from a peer, so it cannot fill the window, and still certifies honest heights', async () => {
    await decide(chain[5]!);
    const garbage = chain[9]!.headerCommitment as Bytes32;
    const junk = new Uint8Array(96).fill(7);
    // The attack: one peer claims to have signed a flood of heights this node has not decided nor will soon.
    for (let height = 5 + AHEAD + 1; height < 5 + AHEAD + 2000; height++) {
      await service.onSignature(3, height, garbage, junk);
    }
    for (const height of [-1, 0.5, Number.MAX_SAFE_INTEGER + 2, 1 /* far below the kept window */]) {
      await service.onSignature(3, height, garbage, junk);
    }
    // Within the window, one signature per signer and height: a second is refused, a flood cannot grow it.
    for (let round = 0; round < 50; round++) {
      for (let height = 5 - KEPT + 1; height <= 5 + AHEAD; height++) {
        await service.onSignature(3, height, garbage, junk);
      }
    }
    await service.onSignature(9, 5, garbage, junk);
    await service.onSignature(-1, 5, garbage, junk);
    expect(service.openHeights).toBeLessThanOrEqual(KEPT + AHEAD);
    expect(await refused()).toEqual({
      'height-out-of-window': 1999 + 4,
      duplicate: 49 * (KEPT + AHEAD),
      'unknown-signer': 2,
    });
    // The honest peers still certify the next height; the attacker's garbage at it does not count.
    const next = chain[6]!;
    await service.onSignature(1, 6, next.headerCommitment, sign(1, next));
    await decide(next);
    expect(await store.getFinalityCertificate(6)).toBeUndefined();
    await service.onSignature(2, 6, next.headerCommitment, sign(2, next));
    expect((await store.getFinalityCertificate(6))?.headerCommitment).toBe(next.headerCommitment);
  });

  it('drops heights that fall out of the kept window as it decides on, so memory stays bounded', async () => {
    for (const block of chain.slice(1)) {
      // A peer signs the height this node is about to decide and every height up to the window's top.
      for (let height = block.leaf.header.height; height <= decided + AHEAD; height++) {
        await service.onSignature(3, height, block.headerCommitment, new Uint8Array(96));
      }
      await decide(block);
      expect(service.openHeights).toBeLessThanOrEqual(KEPT + AHEAD);
    }
    await service.onSignature(1, 10 - KEPT, chain[10 - KEPT]!.headerCommitment, sign(1, chain[10 - KEPT]!));
    expect((await refused())['height-out-of-window']).toBe(1);
  });
});
