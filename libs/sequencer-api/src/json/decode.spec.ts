import { bytesToHex } from 'viem';
import {
  consensusConfigToJson,
  DEFAULT_CONSENSUS_CONFIG,
  genesisHeader,
  headerCommitment,
  namespaceProof,
  type Header,
} from '@hotshot/protocol';
import { MalformedApiResponseError } from '../errors';
import { buildBlocks, certifyHeader, demoMembers } from '@hotshot/l1/testing';
import { certifiedHeaderFromJson, genesisFromJson, namespaceBlockFromJson, networkConfigFromJson } from './decode';

const chainId = 35353n;
const genesis = genesisHeader(chainId);
const encoder = new TextEncoder();
const { headers, payloads } = buildBlocks(chainId, { height: 0, commitment: headerCommitment(genesis) }, [
  [
    { namespace: 1, payload: encoder.encode('rollup a') },
    { namespace: 2, payload: encoder.encode('other') },
    { namespace: 1, payload: encoder.encode('rollup b') },
  ],
]);
const header = headers[0]!;

/** The API's JSON forms (apps/sequencer/src/api/api-json.ts), built independently. */
const headerJson = (h: Header) => ({ ...h, chainId: h.chainId.toString() });
function namespaceJson(namespace: number) {
  const proof = namespaceProof(payloads[0]!, namespace);
  return {
    height: header.height,
    namespace,
    headerCommitment: headerCommitment(header),
    header: headerJson(header),
    available: true,
    namespaceTable: proof.namespaceTable,
    index: proof.index ?? null,
    namespacePayload: proof.namespacePayload ? Buffer.from(proof.namespacePayload).toString('base64') : null,
    transactions: [],
  };
}

describe('namespaceBlockFromJson', () => {
  it("returns a present namespace's transactions in block order, verified against the header", () => {
    const block = namespaceBlockFromJson(namespaceJson(1), 1);
    expect(block.transactions.map((tx) => new TextDecoder().decode(tx))).toEqual(['rollup a', 'rollup b']);
    expect(block.namespaceTable.map((row) => row.namespace)).toEqual([1, 2]);
  });

  it('returns no transactions for an absent namespace, proven by the table', () => {
    expect(namespaceBlockFromJson(namespaceJson(9), 9).transactions).toEqual([]);
  });

  it('refuses a tampered payload, a tampered table, a header that is not the committed one, or another namespace', () => {
    const json = namespaceJson(1);
    const payload = Buffer.from(json.namespacePayload!, 'base64');
    payload[payload.length - 1] ^= 1;
    const cases = [
      { ...json, namespacePayload: payload.toString('base64') },
      { ...json, namespaceTable: json.namespaceTable.slice(0, 1) },
      { ...json, header: { ...json.header, timestamp: json.header.timestamp + 1 } },
      { ...json, namespace: 2 },
      { ...json, height: 'one' },
    ];
    for (const bad of cases) expect(() => namespaceBlockFromJson(bad, 1)).toThrow(MalformedApiResponseError);
  });

  it('reports an unavailable payload without its data', () => {
    const json = { ...namespaceJson(1), available: false, namespaceTable: null, index: null, namespacePayload: null };
    expect(namespaceBlockFromJson(json, 1)).toMatchObject({ available: false, transactions: [] });
  });
});

describe('certifiedHeaderFromJson', () => {
  const { keys } = demoMembers('api-json', 4);
  const certificate = certifyHeader(header, keys, [0, 1, 2]);
  const json = {
    height: header.height,
    headerCommitment: certificate.headerCommitment,
    header: headerJson(header),
    signers: bytesToHex(certificate.certificate.signers),
    signature: bytesToHex(certificate.certificate.signature),
  };

  it('decodes the certificate and the header it certifies', () => {
    const decoded = certifiedHeaderFromJson(json);
    expect(decoded.header).toEqual(header);
    expect(decoded.certificate).toEqual(certificate);
  });

  it('refuses a header that is not the certified one', () => {
    expect(() => certifiedHeaderFromJson({ ...json, header: { ...json.header, payloadSize: 1 } })).toThrow(
      MalformedApiResponseError,
    );
  });
});

describe('networkConfigFromJson', () => {
  it('reads the chain id and the stake table in index order', () => {
    const { stakeTable } = demoMembers('api-json', 2);
    const json = {
      config: { chainId: '35353' },
      stakeTable: stakeTable.map((entry, index) => ({ index, publicKey: bytesToHex(entry.publicKey), stake: '1' })),
    };
    expect(networkConfigFromJson(json)).toEqual({ chainId: 35353n, stakeTable });
    expect(() => networkConfigFromJson({ ...json, stakeTable: [...json.stakeTable].reverse() })).toThrow(
      MalformedApiResponseError,
    );
    expect(() => networkConfigFromJson({ ...json, stakeTable: [] })).toThrow(MalformedApiResponseError);
  });
});

describe('genesisFromJson', () => {
  const { stakeTable } = demoMembers('api-json', 2);
  const json = {
    config: consensusConfigToJson(DEFAULT_CONSENSUS_CONFIG),
    stakeTable: stakeTable.map((entry, index) => ({ index, publicKey: bytesToHex(entry.publicKey), stake: '1' })),
    totalStake: '2',
  };

  it("reads the whole config and the stake table of /v0/config/hotshot's answer", () => {
    expect(genesisFromJson(json)).toEqual({ config: DEFAULT_CONSENSUS_CONFIG, stakeTable });
  });

  it('refuses a config missing a field, a table out of order, and an empty table', () => {
    const { maxBlockBytes: _dropped, ...partial } = json.config;
    expect(() => genesisFromJson({ ...json, config: partial })).toThrow(/maxBlockBytes/);
    expect(() => genesisFromJson({ ...json, stakeTable: [...json.stakeTable].reverse() })).toThrow(
      MalformedApiResponseError,
    );
    expect(() => genesisFromJson({ ...json, stakeTable: [] })).toThrow(MalformedApiResponseError);
    expect(() => genesisFromJson('not an object')).toThrow(MalformedApiResponseError);
  });
});
