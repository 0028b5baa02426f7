import { GasBudgetExceededError } from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { GasBoundedBatchSize, runWriteRounds, type WriteRoundsOptions } from './write-rounds';

describe('GasBoundedBatchSize', () => {
  it('halves down to one, then refuses; grows back by doubling up to the configured size', () => {
    const size = new GasBoundedBatchSize(5);
    expect([size.shrink(), size.current]).toEqual([true, 2]);
    expect([size.shrink(), size.current]).toEqual([true, 1]);
    expect([size.shrink(), size.current]).toEqual([false, 1]);
    size.grow();
    size.grow();
    expect(size.current).toBe(4);
    size.grow();
    expect(size.current).toBe(5);
  });
});

describe('runWriteRounds', () => {
  /** Runs rounds that throw `failures` in turn, then abort; returns the log lines and the batch sizes seen. */
  async function run(failures: unknown[], extra: Partial<WriteRoundsOptions> = {}) {
    const lines: { level: string; msg: string; [field: string]: unknown }[] = [];
    const controller = new AbortController();
    const batch = new GasBoundedBatchSize(4);
    const sizes: number[] = [];
    const reported: unknown[] = [];
    await runWriteRounds(controller.signal, {
      round: async () => {
        sizes.push(batch.current);
        const failure = failures.shift();
        if (failure !== undefined) throw failure;
        controller.abort();
      },
      batch,
      log: new JsonLogger({ sink: (line) => lines.push(JSON.parse(line)) }),
      shrinkMessage: 'over budget: smaller batch',
      batchField: 'maxItems',
      failureMessage: 'writing failed; retrying',
      functionName: () => 'write',
      onFailure: (error) => reported.push(error),
      ...extra,
    });
    return { lines, sizes, reported };
  }

  it('retries a call over the gas budget at once with half the batch, until it succeeds', async () => {
    const overBudget = new GasBudgetExceededError(2n, 1n);
    const { lines, sizes, reported } = await run([overBudget, overBudget]);
    expect(sizes).toEqual([4, 2, 1]);
    expect(reported).toEqual([overBudget, overBudget]);
    expect(lines.map((line) => [line.level, line.msg, line.maxItems])).toEqual([
      ['warn', 'over budget: smaller batch', 2],
      ['warn', 'over budget: smaller batch', 1],
    ]);
  });

  it('backs off after other failures, logging at error those a person must fix', async () => {
    class WrongNetworkError extends Error {}
    const { lines, sizes } = await run([new Error('rpc down'), new WrongNetworkError('wrong chain')], {
      needsPerson: (error) => error instanceof WrongNetworkError,
    });
    expect(sizes).toEqual([4, 4, 4]);
    expect(lines.map((line) => [line.level, line.msg, line.failures])).toEqual([
      ['warn', 'writing failed; retrying', 1],
      ['error', 'writing failed; retrying', 2],
    ]);
    for (const line of lines) expect(line).toMatchObject({ delayMs: expect.any(Number) });
  });

  it('logs a call over budget at a batch of one as an error, since only a higher budget helps', async () => {
    const overBudget = new GasBudgetExceededError(2n, 1n);
    const { lines } = await run([overBudget, overBudget, overBudget]);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'over budget: smaller batch'],
      ['warn', 'over budget: smaller batch'],
      ['error', 'writing failed; retrying'],
    ]);
  });
});
