import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { hexToBytes, type Hex } from 'viem';
import {
  consensusConfigFromJson,
  headerCommitment,
  jsonSchema,
  verifyNamespaceProof,
  type Bytes32,
  type ConsensusConfig,
  type FinalityCertificate,
  type Header,
  type JsonSchemaDecoder,
  type NamespaceEntry,
  type StakeTable,
} from '@hotshot/protocol';
import { MalformedApiResponseError } from '../errors';
import { HeaderSchema, NamespaceProofSchema, type HeaderJson } from '../schemas/availability.schema';
import { FinalityCertificateSchema, HotShotConfigSchema } from '../schemas/config.schema';
import { CountSchema } from '../schemas/status.schema';
import { TransactionHashSchema, TransactionHashesSchema } from '../schemas/submit.schema';

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

/**
 * What a client reads of the light-client answer and the config: only the fields it uses are required, so a node
 * may add fields (or an older node lack the EIP-2537 forms) without breaking its clients.
 */
const CertifiedHeaderSchema = Type.Pick(FinalityCertificateSchema, [
  'height',
  'headerCommitment',
  'header',
  'signers',
  'signature',
]);
const StakeTableJsonSchema = Type.Array(
  Type.Pick(HotShotConfigSchema.properties.stakeTable.items, ['index', 'publicKey', 'stake']),
  { minItems: 1 },
);
const NetworkConfigSchema = Type.Object({
  config: Type.Pick(HotShotConfigSchema.properties.config, ['chainId']),
  stakeTable: StakeTableJsonSchema,
});
/** A genesis file: `/v0/config/hotshot`'s answer (the whole consensus config and the table; totals are not read). */
const GenesisSchema = Type.Object({
  config: HotShotConfigSchema.properties.config,
  stakeTable: StakeTableJsonSchema,
});

/** A decoder that reports a bad answer as MalformedApiResponseError naming `what` and the path of each issue. */
function answer<S extends TSchema>(schema: S, what: string): (value: unknown) => Static<S> {
  const decoder: JsonSchemaDecoder<Static<S>> = jsonSchema(schema);
  return (value) => {
    const result = decoder.check(value);
    if (!result.ok) throw new MalformedApiResponseError(what, result.message);
    return result.value;
  };
}

const decodeHeader = answer(HeaderSchema, 'header');
const decodeHeaders = answer(Type.Array(HeaderSchema), 'header range');
const decodeCertificate = answer(CertifiedHeaderSchema, 'finality certificate');
const decodeNamespace = answer(NamespaceProofSchema, 'namespace block');
const decodeConfig = answer(NetworkConfigSchema, 'hotshot config');
const decodeGenesis = answer(GenesisSchema, 'genesis');

/** The block height answer (`/v0/status/block-height`). */
export const blockHeightFromJson = answer(CountSchema, 'block height');
/** The submit answer: the transaction's hash. */
export const transactionHashFromJson = answer(TransactionHashSchema, 'submit answer');
/** The batch answer: the transactions' hashes in batch order. */
export const transactionHashesFromJson = answer(TransactionHashesSchema, 'batch answer');

/** A header from its JSON form (already checked against HeaderSchema). */
function toHeader(json: HeaderJson): Header {
  return {
    chainId: BigInt(json.chainId),
    height: json.height,
    timestamp: json.timestamp,
    l1Head: json.l1Head,
    parentCommitment: json.parentCommitment.toLowerCase() as Bytes32,
    payloadCommitment: json.payloadCommitment.toLowerCase() as Bytes32,
    payloadSize: json.payloadSize,
  };
}

/** A header from its JSON form. */
export function headerFromJson(value: unknown): Header {
  return toHeader(decodeHeader(value));
}

/** Headers from a range answer, in the order served. */
export function headersFromJson(value: unknown): Header[] {
  return decodeHeaders(value).map(toHeader);
}

/** A finality certificate answer; checks that its header hashes to the commitment it certifies. */
export function certifiedHeaderFromJson(value: unknown): CertifiedHeader {
  const json = decodeCertificate(value);
  const header = toHeader(json.header);
  const commitment = json.headerCommitment.toLowerCase() as Bytes32;
  if (header.height !== json.height || headerCommitment(header) !== commitment) {
    throw new MalformedApiResponseError('finality certificate', 'its header is not the certified one');
  }
  return {
    header,
    certificate: {
      height: json.height,
      headerCommitment: commitment,
      certificate: { signers: hexToBytes(json.signers as Hex), signature: hexToBytes(json.signature as Hex) },
    },
  };
}

/**
 * A namespace answer (`/availability/block/:h/namespace/:ns` or one stream message), verified: the header hashes
 * to its commitment, the table to the header's payload commitment, and the payload to the table's entry. Throws
 * MalformedApiResponseError when anything fails to verify: a node that lies is never believed.
 */
export function namespaceBlockFromJson(value: unknown, namespace: number): NamespaceBlock {
  const json = decodeNamespace(value);
  const header = toHeader(json.header);
  const commitment = json.headerCommitment.toLowerCase() as Bytes32;
  if (header.height !== json.height || headerCommitment(header) !== commitment) {
    throw new MalformedApiResponseError('namespace block', 'its header does not hash to its commitment');
  }
  if (json.namespace !== namespace) throw new MalformedApiResponseError('namespace block', 'another namespace');
  const base = { height: json.height, header, headerCommitment: commitment };
  if (!json.available) return { ...base, available: false, namespaceTable: [], transactions: [] };
  if (json.namespaceTable === null) {
    throw new MalformedApiResponseError('namespace block', 'an available block without its namespace table');
  }
  const namespaceTable = json.namespaceTable.map((entry) => ({
    ...entry,
    payloadHash: entry.payloadHash.toLowerCase() as Bytes32,
  }));
  try {
    const transactions = verifyNamespaceProof(
      header,
      {
        namespaceTable,
        ...(json.index !== null && { index: json.index }),
        ...(json.namespacePayload !== null && {
          namespacePayload: new Uint8Array(Buffer.from(json.namespacePayload, 'base64')),
        }),
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
  const json = decodeConfig(value);
  return { chainId: BigInt(json.config.chainId), stakeTable: stakeTableFromJson(json.stakeTable) };
}

/** The network a node was told to expect: a consensus config and its stake table. */
export interface Genesis {
  readonly config: ConsensusConfig;
  readonly stakeTable: StakeTable;
}

/**
 * A genesis from its JSON form, which is what `/v0/config/hotshot` answers (so a trusted node's answer, saved, is a
 * genesis file). Throws MalformedApiResponseError naming what is wrong.
 */
export function genesisFromJson(value: unknown): Genesis {
  const json = decodeGenesis(value);
  return { config: consensusConfigFromJson(json.config), stakeTable: stakeTableFromJson(json.stakeTable) };
}

function stakeTableFromJson(entries: Static<typeof StakeTableJsonSchema>): StakeTable {
  return entries.map((entry, i) => {
    if (entry.index !== i) throw new MalformedApiResponseError('stake table entry', 'entries out of index order');
    return { publicKey: hexToBytes(entry.publicKey as Hex), stake: BigInt(entry.stake) };
  });
}
