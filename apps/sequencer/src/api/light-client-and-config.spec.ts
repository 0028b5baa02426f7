import { hexToBytes, type Hex } from 'viem';
import {
  StakeTableKeys,
  aggregateSignatures,
  demoKeyPair,
  signDigest,
  signersToBitmap,
  toEip2537G1,
  toEip2537G2,
  verifyCertificate,
} from '@hotshot/crypto';
import {
  DEFAULT_CONSENSUS_CONFIG,
  finalityDigest,
  headerCommitment,
  type FinalityCertificate,
  type StakeTable,
} from '@hotshot/protocol';
import {
  SqliteAvailabilityStore,
  openSqliteDatabase,
  type AvailabilityStore,
  type DecidedBlock,
} from '@hotshot/storage';
import { buildDecidedChain } from '@hotshot/storage/testing';
import type { HotShotConfig } from './api-ports';
import type { HotShotConfigJson, FinalityCertificateJson } from '@hotshot/sequencer-api';
import { startTestApi, type TestApi } from './testing/api-test-app';
import { headerFromJson } from './testing/verify-namespace-json';

const CHAIN_ID = 31n;
const keys = [0, 1, 2, 3].map((i) => demoKeyPair('light-client-spec', i));
const stakeTable: StakeTable = keys.map((k, i) => ({ publicKey: k.publicKey, stake: BigInt(10 + i) }));
const network: HotShotConfig = { config: { ...DEFAULT_CONSENSUS_CONFIG, chainId: CHAIN_ID }, stakeTable };
const chain = buildDecidedChain(CHAIN_ID, [[{ namespace: 1, payload: Uint8Array.of(1) }], [], []]);

/** A finality certificate over `block` signed by `signers`. */
function certify(block: DecidedBlock, signers: number[]): FinalityCertificate {
  const height = block.leaf.header.height;
  const digest = finalityDigest(CHAIN_ID, height, block.headerCommitment);
  return {
    height,
    headerCommitment: block.headerCommitment,
    certificate: {
      signers: signersToBitmap(signers, keys.length),
      signature: aggregateSignatures(signers.map((i) => signDigest(keys[i]!.secretKey, digest))),
    },
  };
}

async function get<T>(api: TestApi, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

describe('light-client and config endpoints', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    await store.appendDecided(chain);
    await store.putFinalityCertificate(certify(chain[1]!, [0, 1, 3]));
    await store.putFinalityCertificate(certify(chain[2]!, [1, 2, 3]));
    api = await startTestApi({ store, config: { current: () => network } });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it('serves the network config with keys as hex and stakes as decimal strings', async () => {
    const { status, body } = await get<HotShotConfigJson>(api, '/v0/config/hotshot');
    expect(status).toBe(200);
    expect(body.config).toMatchObject({ chainId: '31', viewTimeoutMs: DEFAULT_CONSENSUS_CONFIG.viewTimeoutMs });
    expect(body.stakeTable[3]).toEqual({
      index: 3,
      publicKey: `0x${Buffer.from(keys[3]!.publicKey).toString('hex')}`,
      publicKeyEip2537: toEip2537G1(keys[3]!.publicKey),
      stake: '13',
    });
    // S = 46: quorum floor(92/3)+1 = 31, one honest floor(46/3)+1 = 16.
    expect(body).toMatchObject({ totalStake: '46', quorumThreshold: '31', oneHonestThreshold: '16' });
  });

  it('serves the latest finality certificate, verifiable with the stake table from the config endpoint', async () => {
    const { status, body } = await get<FinalityCertificateJson>(api, '/v0/light-client/certificate/latest');
    expect(status).toBe(200);
    expect(body).toMatchObject({ height: 2, signers: '0x0e', signerIndices: [1, 2, 3] });
    // Everything below comes from the two JSON answers alone.
    const config = (await get<HotShotConfigJson>(api, '/v0/config/hotshot')).body;
    const header = headerFromJson(body.header);
    expect(headerCommitment(header)).toBe(body.headerCommitment);
    const digest = finalityDigest(BigInt(config.config.chainId), body.height, body.headerCommitment as Hex);
    expect(body.digest).toBe(digest);
    const table = new StakeTableKeys(
      config.stakeTable.map((e) => ({ publicKey: hexToBytes(e.publicKey as Hex), stake: BigInt(e.stake) })),
    );
    const certificate = { signers: hexToBytes(body.signers as Hex), signature: hexToBytes(body.signature as Hex) };
    expect(() => verifyCertificate(table, digest, certificate, BigInt(config.quorumThreshold))).not.toThrow();
    // The same signature in the encoding HotShot.sol's BLS.G2Point takes.
    expect(hexToBytes(body.signature as Hex)).toHaveLength(96);
    expect(hexToBytes(body.signatureEip2537 as Hex)).toHaveLength(256);
    expect(body.signatureEip2537).toBe(toEip2537G2(certificate.signature));
  });

  it('serves the certificate of a height, and 404s a height without one', async () => {
    const { body } = await get<FinalityCertificateJson>(api, '/v0/light-client/certificate/1');
    expect(body).toMatchObject({ height: 1, headerCommitment: chain[1]!.headerCommitment, signerIndices: [0, 1, 3] });
    expect(body.header).toMatchObject({ height: 1, payloadCommitment: chain[1]!.leaf.header.payloadCommitment });
    expect((await get(api, '/v0/light-client/certificate/3')).status).toBe(404);
    expect(await get(api, '/v0/light-client/certificate/-1')).toMatchObject({
      status: 400,
      body: { details: { field: 'height' } },
    });
  });
});

describe('before the node has a config or any certificate', () => {
  let store: AvailabilityStore;
  let api: TestApi;
  beforeAll(async () => {
    store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    api = await startTestApi({ store });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it('answers the config with 503 and the latest certificate with 404', async () => {
    expect(await get(api, '/v0/config/hotshot')).toMatchObject({ status: 503, body: { error: 'NotReadyError' } });
    expect((await get(api, '/v0/light-client/certificate/latest')).status).toBe(404);
  });
});
