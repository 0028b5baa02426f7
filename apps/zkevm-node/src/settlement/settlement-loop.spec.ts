import type { Hex } from 'viem';
import { JsonLogger } from '@hotshot/telemetry';
import { ReconciliationError } from '../errors';
import { ExecutedChain } from '../execution/executed-chain';
import { L1Reconciler, type RollupEvent } from './l1-reconciler';
import type { RollupEventReader } from './rollup-event-reader';
import { runSettlement } from './settlement-loop';
import type { StateRootPoster } from './state-root-poster';

const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const log = new JsonLogger({ level: 'error', sink: () => undefined });

function chainOf(last: number): ExecutedChain {
  const chain = new ExecutedChain(1);
  for (let h = 1; h <= last; h++) {
    chain.record(
      h,
      { headerCommitment: word(h), payloadHash: word(100 + h) },
      { l2Block: h, stateRoot: word(200 + h) },
    );
  }
  return chain;
}

/** A reader that hands out one scripted answer per call (an Error is thrown), then nothing. */
function scripted(answers: (RollupEvent[] | Error)[]): RollupEventReader {
  return {
    read: async () => {
      const next = answers.shift() ?? [];
      if (next instanceof Error) throw next;
      return next;
    },
  } as unknown as RollupEventReader;
}

describe('runSettlement', () => {
  it('retries after a failed read, posts the state root at the confirmed range, and stops on abort', async () => {
    const chain = chainOf(3);
    const reconciler = new L1Reconciler(chain, log);
    const controller = new AbortController();
    const posted: number[] = [];
    const poster = {
      post: async (record: { height: number }) => {
        posted.push(record.height);
        controller.abort();
        return true;
      },
    } as unknown as StateRootPoster;
    const acc = chain.at(3)!.accInputHash;
    const reader = scripted([
      new Error('L1 down'),
      [{ kind: 'sequenced', from: 1, to: 3, accInputHash: acc, transactionHash: word(1) }],
    ]);
    await runSettlement({ reader, reconciler, poster, pollIntervalMs: 1, log }, controller.signal);
    expect(reconciler.confirmedHeight).toBe(3);
    expect(posted).toEqual([3]);
  });

  it('ends with ReconciliationError when L1 sequenced other inputs', async () => {
    const reconciler = new L1Reconciler(chainOf(2), log);
    const reader = scripted([[{ kind: 'sequenced', from: 1, to: 2, accInputHash: word(9), transactionHash: word(1) }]]);
    await expect(
      runSettlement({ reader, reconciler, pollIntervalMs: 1, log }, new AbortController().signal),
    ).rejects.toThrow(ReconciliationError);
  });
});
