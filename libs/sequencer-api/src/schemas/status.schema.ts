import { Type, type Static } from '@sinclair/typebox';
import { HeaderSchema } from './availability.schema';
import { Nullable, Uint } from './json-types';

/** The body of every error response. */
export const ErrorSchema = Type.Object({
  error: Type.String({ example: 'BadRequestError' }),
  message: Type.String({ example: 'height must be a non-negative integer' }),
  details: Type.Optional(Type.Object({}, { additionalProperties: true, example: { field: 'height', value: 'abc' } })),
});
export type ErrorJson = Static<typeof ErrorSchema>;

/** `/v0/status/block-height` and the counts of `/v0/node`: a bare integer. */
export const CountSchema = Uint();

/** `/v0/status/time-since-last-decide`. */
export const TimeSinceLastDecideSchema = Type.Object({
  seconds: Nullable(Type.Number(), { description: 'seconds; null before the first decide' }),
});
export type TimeSinceLastDecideJson = Static<typeof TimeSinceLastDecideSchema>;

/** `/healthz`. */
export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('starting')]),
});
export type HealthJson = Static<typeof HealthSchema>;

/** `/v0/status/earliest-available-height`. */
export const EarliestHeightSchema = Type.Object({
  earliestHeight: Nullable(Uint(), { description: 'lowest height this node serves; null when empty' }),
  latestHeight: Nullable(Uint(), { description: 'highest decided height stored; null when empty' }),
});
export type EarliestHeightJson = Static<typeof EarliestHeightSchema>;

/** `/v0/status/mempool-info`: what waits in this node's mempool, against its bounds. */
export const MempoolInfoSchema = Type.Object({
  transactionCount: Uint({ description: 'transactions waiting to be sequenced' }),
  payloadBytes: Uint({ description: 'payload bytes of the waiting transactions' }),
  maxTransactions: Uint({ description: 'most transactions the mempool holds (--mempool-max-txs)' }),
  maxPayloadBytes: Uint({ description: 'most payload bytes the mempool holds (--mempool-max-bytes)' }),
});
export type MempoolInfoJson = Static<typeof MempoolInfoSchema>;

/** `/v0/node/sync-status`: how far this node's store is from holding every height it should. */
export const SyncStatusSchema = Type.Object({
  missingBlocks: Uint({ description: 'stored heights whose payload this node has not fetched yet' }),
  missingLeaves: Uint({
    description: 'heights between earliestHeight and latestHeight this node does not hold (0: the store has no gap)',
  }),
  prunedHeight: Nullable(Uint(), {
    description: 'the highest height this node no longer holds (pruned, or skipped by a warm start); null when none',
  }),
  earliestHeight: Nullable(Uint(), { description: 'the lowest height served; 0 is genesis' }),
  latestHeight: Nullable(Uint(), { description: 'the highest decided height stored' }),
});
export type SyncStatusJson = Static<typeof SyncStatusSchema>;

/**
 * `/v0/node/header/window/...`: the headers whose timestamps fall in a window, in height order, with the header
 * just before (`prev`) and the one just after (`next`), which prove that none in the window was left out.
 */
export const HeaderWindowSchema = Type.Object({
  window: Type.Array(HeaderSchema),
  prev: Nullable(HeaderSchema, {
    description: 'the header before the first of the window; null when the window starts at genesis',
  }),
  next: Nullable(HeaderSchema, {
    description:
      'the first header at or after `end`; null when the answer is incomplete (later heights are not decided ' +
      'yet, or the window holds more than the range limit): continue with /header/window/from/{height}/{end}',
  }),
});
export type HeaderWindowJson = Static<typeof HeaderWindowSchema>;
