import { jsonSchema, type Bytes32 } from '@hotshot/protocol';
import { Type, type Static } from '@sinclair/typebox';
import type { Hex } from 'viem';
import { ProtectionRecordError } from '../signer-errors';
import { SIGNING_KINDS, type SigningKind } from '../signing-request';
import type { MergeSummary, SignedRecord, SigningProtectionDb, Watermark } from './signing-protection-db';

/** The interchange format this code writes and reads (EIP-3076's shape, HotShot's message kinds). */
export const INTERCHANGE_FORMAT_VERSION = 'hotshot-1';

const hex = (bytes: number) => Type.String({ pattern: `^0x[0-9a-fA-F]{${bytes * 2}}$` });
/** A view or height as EIP-3076 writes integers: a decimal string, within JavaScript's safe integers. */
const Position = Type.String({ pattern: '^(0|[1-9][0-9]{0,14})$' });
const Kind = Type.Union(SIGNING_KINDS.map((kind) => Type.Literal(kind)));

/**
 * The one schema of a protection interchange file: metadata naming the chain, then per key what it signed and how
 * far its votes went. Bounded so a hostile file cannot make an import walk millions of entries.
 */
const InterchangeSchema = Type.Object({
  metadata: Type.Object({
    interchange_format_version: Type.Literal(INTERCHANGE_FORMAT_VERSION),
    /** The chain the signatures are for (decimal), in place of EIP-3076's genesis_validators_root. */
    chain_id: Type.String({ pattern: '^(0|[1-9][0-9]{0,77})$' }),
  }),
  data: Type.Array(
    Type.Object({
      pubkey: hex(48),
      signed: Type.Array(Type.Object({ kind: Kind, position: Position, digest: hex(32) }), { maxItems: 1_000_000 }),
      watermarks: Type.Array(Type.Object({ kind: Kind, position: Position }), { maxItems: SIGNING_KINDS.length }),
    }),
    { maxItems: 10_000 },
  ),
});

/** An interchange file's content. */
export type ProtectionInterchange = Static<typeof InterchangeSchema>;

/** The interchange schema's decoder (validation throws SchemaError naming the file and the first issue). */
export const protectionInterchangeSchema = jsonSchema(InterchangeSchema);

/**
 * The record of `db` as an interchange document, keys and entries in a stable order: every key's, or only those in
 * `publicKeys` (to move one key to another signer).
 */
export function exportInterchange(db: SigningProtectionDb, publicKeys?: readonly Hex[]): ProtectionInterchange {
  const wanted = publicKeys && new Set(publicKeys.map((key) => key.toLowerCase()));
  const keep = (record: { publicKey: Hex }) => !wanted || wanted.has(record.publicKey);
  const contents = db.contents();
  const signed = contents.signed.filter(keep);
  const watermarks = contents.watermarks.filter(keep);
  const byKey = new Map<Hex, ProtectionInterchange['data'][number]>();
  const entryOf = (pubkey: Hex) => {
    let entry = byKey.get(pubkey);
    if (!entry) byKey.set(pubkey, (entry = { pubkey, signed: [], watermarks: [] }));
    return entry;
  };
  for (const record of signed) {
    entryOf(record.publicKey).signed.push({
      kind: record.kind,
      position: String(record.position),
      digest: record.digest,
    });
  }
  for (const mark of watermarks) {
    entryOf(mark.publicKey).watermarks.push({ kind: mark.kind, position: String(mark.position) });
  }
  return {
    metadata: { interchange_format_version: INTERCHANGE_FORMAT_VERSION, chain_id: db.chainId.toString() },
    data: [...byKey.keys()].sort().map((key) => byKey.get(key)!),
  };
}

/**
 * Merges interchange JSON text into `db` (see SigningProtectionDb.merge: keeps the maximum, never loosens). Throws
 * SchemaError for a file that breaks the schema, ProtectionRecordError (`chainMismatch`) for another chain's file.
 */
export function importInterchange(db: SigningProtectionDb, text: string, what: string): MergeSummary {
  const document = protectionInterchangeSchema.parse(text, what);
  if (BigInt(document.metadata.chain_id) !== db.chainId) {
    throw new ProtectionRecordError('chainMismatch', `${what} is for another chain`, {
      file: document.metadata.chain_id,
      database: db.chainId.toString(),
    });
  }
  const signed: SignedRecord[] = [];
  const watermarks: Watermark[] = [];
  for (const entry of document.data) {
    const publicKey = entry.pubkey as Hex;
    for (const record of entry.signed) {
      signed.push({
        publicKey,
        kind: record.kind as SigningKind,
        position: Number(record.position),
        digest: record.digest as Bytes32,
      });
    }
    for (const mark of entry.watermarks) {
      watermarks.push({ publicKey, kind: mark.kind as SigningKind, position: Number(mark.position) });
    }
  }
  return db.merge(signed, watermarks);
}
