import { Type, type Static } from '@sinclair/typebox';
import { Base64, Hash, Namespace, Uint } from './json-types';

/** Most transactions one `POST /v0/submit/batch` carries. */
export const MAX_BATCH_TRANSACTIONS = 512;

/** A transaction as submitted (the body of `POST /v0/submit/submit`, an element of a batch). */
export const SubmitTransactionSchema = Type.Object({
  namespace: Namespace({ description: "the rollup's namespace" }),
  payload: Base64({ description: 'the transaction bytes, standard or URL-safe base64' }),
});
export type SubmitTransactionJson = Static<typeof SubmitTransactionSchema>;

/** The body of `POST /v0/submit/batch`: 1 to MAX_BATCH_TRANSACTIONS transactions, all accepted or none. */
export const SubmitBatchSchema = Type.Array(SubmitTransactionSchema, {
  minItems: 1,
  maxItems: MAX_BATCH_TRANSACTIONS,
});

/** The answer to a submission: the transaction's hash. */
export const TransactionHashSchema = Hash();

/** The answer to a batch: the transactions' hashes, in batch order. */
export const TransactionHashesSchema = Type.Array(Hash());

/** Why one transaction of a refused batch was refused: the API's error body with its position in the batch. */
export const BatchRefusalSchema = Type.Object({
  index: Uint({ description: 'position in the batch' }),
  error: Type.String({ example: 'MempoolShareExceededError' }),
  message: Type.String(),
  details: Type.Object({}, { additionalProperties: true }),
});

/** The body of a refused batch (`error: "BatchRefusedError"`): nothing of it was accepted. */
export const BatchRefusedSchema = Type.Object({
  error: Type.Union([Type.Literal('BatchRefusedError')]),
  message: Type.String({ example: '1 of the 3 transactions were refused, so none was accepted' }),
  details: Type.Object({
    transactions: Uint({ description: 'transactions in the batch' }),
    refused: Uint({ description: 'how many of them were refused' }),
    refusals: Type.Array(BatchRefusalSchema, { description: 'each refused transaction, in batch order' }),
  }),
});
export type BatchRefusedJson = Static<typeof BatchRefusedSchema>;
