import type { Transaction } from '@hotshot/protocol';
import { namespaceBlockFromJson, type NamespaceProofJson } from '@hotshot/sequencer-api';

/** A header read back from its JSON form, as a client does. */
export { headerFromJson } from '@hotshot/sequencer-api';

/**
 * Checks a namespace answer the way a rollup does, with the API client's decoder: the header hashes to the claimed
 * commitment, the table and payload verify against the header, and the listed transactions are exactly what the
 * payload decodes to. Returns the verified transactions (tests only).
 */
export function verifyNamespaceJson(json: NamespaceProofJson): Transaction[] {
  const block = namespaceBlockFromJson(json, json.namespace);
  if (!block.available) throw new Error('no namespace table: payload unavailable');
  const listed = (json.transactions ?? []).map((tx) => Buffer.from(tx.payload, 'base64').toString('hex'));
  const proven = block.transactions.map((payload) => Buffer.from(payload).toString('hex'));
  if (JSON.stringify(listed) !== JSON.stringify(proven)) throw new Error('listed transactions differ from the proof');
  return block.transactions.map((payload) => ({ namespace: json.namespace, payload }));
}
