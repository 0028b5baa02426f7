import { hexToBytes, isHex, type Hex } from 'viem';
import {
  headerCommitment,
  verifyNamespaceProof,
  type Bytes32,
  type FinalityCertificate,
  type Header,
  type NamespaceEntry,
  type StakeTable,
} from '@hotshot/protocol';
import { MalformedApiResponseError } from '../errors';

/** A finality certificate with the header it certifies, as the light-client endpoint serves it. */
export interface CertifiedHeader {
  readonly header: Header;
  readonly certificate: FinalityCertificate;
}

/** One block's data for one namespace, checked against its header (or unavailable on the node asked). */
export interface NamespaceBlock {
  readonly height: number;
  readonly header: Header;
  readonly headerCommitment: Bytes32;
  /** False while the node lacks the payload: the other fields below are then empty. */
  readonly available: boolean;
  readonly namespaceTable: readonly NamespaceEntry[];
  /** The namespace's transaction payloads in block order (empty when the namespace is absent). */
  readonly transactions: readonly Uint8Array[];
}

/** The network's chain id and stake table from `/v0/config/hotshot`. */
export interface NetworkConfig {
  readonly chainId: bigint;
  readonly stakeTable: StakeTable;
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedApiResponseError(what, 'not an object');
  }
  return value as Json;
}

function uint(json: Json, key: string, what: string): number {
  const value = json[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MalformedApiResponseError(what, `${key} is not a non-negative integer`);
  }
  return value;
}

function hex(json: Json, key: string, what: string, bytes?: number): Hex {
  const value = json[key];
  if (typeof value !== 'string' || !isHex(value) || (bytes !== undefined && value.length !== 2 + 2 * bytes)) {
    throw new MalformedApiResponseError(what, `${key} is not ${bytes ?? 'some'} bytes of 0x hex`);
  }
  return value.toLowerCase() as Hex;
}

function decimal(json: Json, key: string, what: string): bigint {
  const value = json[key];
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new MalformedApiResponseError(what, `${key} is not a decimal string`);
  }
  return BigInt(value);
}

function array(json: Json, key: string, what: string): unknown[] {
  const value = json[key];
  if (!Array.isArray(value)) throw new MalformedApiResponseError(what, `${key} is not an array`);
  return value;
}

/** A header from its JSON form. */
export function headerFromJson(value: unknown): Header {
  const json = object(value, 'header');
  return {
    chainId: decimal(json, 'chainId', 'header'),
    height: uint(json, 'height', 'header'),
    timestamp: uint(json, 'timestamp', 'header'),
    l1Head: uint(json, 'l1Head', 'header'),
    parentCommitment: hex(json, 'parentCommitment', 'header', 32) as Bytes32,
    payloadCommitment: hex(json, 'payloadCommitment', 'header', 32) as Bytes32,
    payloadSize: uint(json, 'payloadSize', 'header'),
  };
}

/** A finality certificate answer; checks that its header hashes to the commitment it certifies. */
export function certifiedHeaderFromJson(value: unknown): CertifiedHeader {
  const json = object(value, 'finality certificate');
  const header = headerFromJson(json.header);
  const commitment = hex(json, 'headerCommitment', 'finality certificate', 32) as Bytes32;
  const height = uint(json, 'height', 'finality certificate');
  if (header.height !== height || headerCommitment(header) !== commitment) {
    throw new MalformedApiResponseError('finality certificate', 'its header is not the certified one');
  }
  return {
    header,
    certificate: {
      height,
      headerCommitment: commitment,
      certificate: {
        signers: hexToBytes(hex(json, 'signers', 'finality certificate')),
        signature: hexToBytes(hex(json, 'signature', 'finality certificate', 96)),
      },
    },
  };
}

/**
 * A namespace answer (`/availability/block/:h/namespace/:ns` or one stream message), verified: the header hashes
 * to its commitment, the table to the header's payload commitment, and the payload to the table's entry. Throws
 * MalformedApiResponseError when anything fails to verify: a node that lies is never believed.
 */
export function namespaceBlockFromJson(value: unknown, namespace: number): NamespaceBlock {
  const json = object(value, 'namespace block');
  const header = headerFromJson(json.header);
  const commitment = hex(json, 'headerCommitment', 'namespace block', 32) as Bytes32;
  const height = uint(json, 'height', 'namespace block');
  if (header.height !== height || headerCommitment(header) !== commitment) {
    throw new MalformedApiResponseError('namespace block', 'its header does not hash to its commitment');
  }
  if (json.namespace !== namespace) throw new MalformedApiResponseError('namespace block', 'another namespace');
  const base = { height, header, headerCommitment: commitment };
  if (json.available !== true) return { ...base, available: false, namespaceTable: [], transactions: [] };
  const namespaceTable = array(json, 'namespaceTable', 'namespace block').map((row) => {
    const entry = object(row, 'namespace table entry');
    return {
      namespace: uint(entry, 'namespace', 'namespace table entry'),
      txCount: uint(entry, 'txCount', 'namespace table entry'),
      payloadHash: hex(entry, 'payloadHash', 'namespace table entry', 32) as Bytes32,
    };
  });
  const index = json.index === null ? undefined : uint(json, 'index', 'namespace block');
  const payloadText = json.namespacePayload;
  if (payloadText !== null && typeof payloadText !== 'string') {
    throw new MalformedApiResponseError('namespace block', 'namespacePayload is not base64');
  }
  try {
    const transactions = verifyNamespaceProof(
      header,
      {
        namespaceTable,
        ...(index !== undefined && { index }),
        ...(payloadText !== null && { namespacePayload: new Uint8Array(Buffer.from(payloadText, 'base64')) }),
      },
      namespace,
    );
    return { ...base, available: true, namespaceTable, transactions: transactions.map((tx) => tx.payload) };
  } catch (cause) {
    throw new MalformedApiResponseError('namespace block', 'its namespace proof does not verify', cause);
  }
}

/** The chain id and stake table from `/v0/config/hotshot`. */
export function networkConfigFromJson(value: unknown): NetworkConfig {
  const json = object(value, 'hotshot config');
  const config = object(json.config, 'hotshot config');
  const stakeTable = array(json, 'stakeTable', 'hotshot config').map((row, i) => {
    const entry = object(row, 'stake table entry');
    if (entry.index !== i) throw new MalformedApiResponseError('stake table entry', 'entries out of index order');
    return {
      publicKey: hexToBytes(hex(entry, 'publicKey', 'stake table entry', 48)),
      stake: decimal(entry, 'stake', 'stake table entry'),
    };
  });
  if (stakeTable.length === 0) throw new MalformedApiResponseError('hotshot config', 'the stake table is empty');
  return { chainId: decimal(config, 'chainId', 'hotshot config'), stakeTable };
}
