import { Type } from '@sinclair/typebox';
import { BaseError, jsonSchema, type Transaction } from '@hotshot/protocol';
import { MAX_BATCH_TRANSACTIONS, MAX_NAMESPACE, SubmitTransactionSchema } from '@hotshot/sequencer-api';
import { BatchRefusedError, type BatchRefusal } from '../mempool/mempool-errors';
import { BadRequestError } from './api-errors';

const transactionBody = jsonSchema(SubmitTransactionSchema);
/** A batch's envelope; each element is then decoded alone, so every bad one is named by its index. */
const batchBody = jsonSchema(Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BATCH_TRANSACTIONS }));

/** What a client is told when a field breaks SubmitTransactionSchema. */
const FIELD_RULES: Record<string, string> = {
  namespace: `namespace must be an integer from 0 to ${MAX_NAMESPACE}`,
  payload: 'payload must be a base64 string',
};

/** `{ namespace, payload }` decoded with SubmitTransactionSchema; BadRequestError naming the first bad field. */
export function decodeTransactionBody(body: unknown): Transaction {
  const result = transactionBody.check(body);
  if (!result.ok) {
    const field = result.issues[0]?.path.split('/')[1] ?? '';
    const rule = FIELD_RULES[field];
    if (rule) throw new BadRequestError(rule, { field });
    throw new BadRequestError('the request body must be a JSON object', { issue: result.message });
  }
  return { namespace: result.value.namespace, payload: base64Bytes(result.value.payload, 'payload') };
}

/** A non-empty array of at most MAX_BATCH_TRANSACTIONS transactions; BatchRefusedError naming each bad one. */
export function decodeBatchBody(body: unknown): Transaction[] {
  const envelope = batchBody.check(body);
  if (!envelope.ok) {
    throw new BadRequestError(
      `the request body must be an array of 1 to ${MAX_BATCH_TRANSACTIONS} transactions ({ namespace, payload })`,
      { maxTransactions: MAX_BATCH_TRANSACTIONS, ...(Array.isArray(body) && { transactions: body.length }) },
    );
  }
  const refusals: BatchRefusal[] = [];
  const txs = envelope.value.map((element, index) => {
    try {
      return decodeTransactionBody(element);
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      refusals.push({ index, error });
      return undefined;
    }
  });
  if (refusals.length > 0) throw new BatchRefusedError(refusals, envelope.value.length);
  return txs as Transaction[];
}

/**
 * The bytes of standard or URL-safe base64 that the schema's pattern already admitted; refuses a length no
 * encoder writes. Decodes once, straight into the returned bytes: a payload is the largest thing the API receives.
 */
function base64Bytes(value: string, field: string): Uint8Array {
  let digits = value.length;
  while (digits > 0 && value.charCodeAt(digits - 1) === 0x3d /* '=' */) digits--;
  if (digits % 4 === 1) throw new BadRequestError(FIELD_RULES[field]!, { field });
  const bytes = new Uint8Array(Math.floor((digits * 3) / 4));
  // Node's base64 decoder reads both alphabets.
  const written = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).write(value, 'base64');
  return written === bytes.length ? bytes : bytes.subarray(0, written);
}
