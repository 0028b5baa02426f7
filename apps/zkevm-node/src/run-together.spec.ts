import { runTogether } from './run-together';

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe('runTogether', () => {
  it('stops the other tasks when one fails, then rethrows the failure', async () => {
    let stoppedCleanly = false;
    const failing = async () => {
      await Promise.resolve();
      throw new Error('fatal');
    };
    const waiting = async (signal: AbortSignal) => {
      await untilAborted(signal);
      stoppedCleanly = true;
    };
    await expect(runTogether([failing, waiting], new AbortController().signal)).rejects.toThrow('fatal');
    expect(stoppedCleanly).toBe(true);
  });

  it('returns once the outer signal aborts and every task has returned', async () => {
    const outer = new AbortController();
    const done: number[] = [];
    const running = runTogether(
      [1, 2].map((n) => async (signal: AbortSignal) => {
        await untilAborted(signal);
        done.push(n);
      }),
      outer.signal,
    );
    outer.abort();
    await running;
    expect(done.sort()).toEqual([1, 2]);
  });
});
