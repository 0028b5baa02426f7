import { GiveUpError, ProgressTimeoutError, waitFor, waitForProgress } from './wait-for-progress';

describe('waitForProgress', () => {
  it('keeps waiting past the stall time while the observed value changes', async () => {
    let n = 0;
    // Every poll sees a new value, so no stall ever elapses, however slow the polls are.
    const final = await waitForProgress({
      what: 'n to reach 8',
      observe: () => ++n,
      done: (v) => v >= 8,
      stallMs: 1,
      intervalMs: 1,
    });
    expect(final).toBe(8);
  });

  it('fails naming what did not happen and the last state once nothing changes', async () => {
    const stuck = waitForProgress({
      what: 'height 3',
      observe: () => [1, null],
      done: () => false,
      stallMs: 50,
      intervalMs: 5,
      context: () => 'logs in /tmp/x',
    });
    await expect(stuck).rejects.toThrow(ProgressTimeoutError);
    await expect(stuck).rejects.toThrow('timed out waiting for height 3: no progress for 50 ms; last seen [1,null]');
    await expect(stuck).rejects.toThrow('logs in /tmp/x');
  });

  it('gives up at the cap even while progressing', async () => {
    let n = 0;
    const endless = waitForProgress({
      what: 'the end',
      observe: () => ++n,
      done: () => false,
      capMs: 30,
      intervalMs: 5,
    });
    await expect(endless).rejects.toThrow('still not done after 30 ms');
  });

  it('counts an observation that throws as a state, and recovers from it', async () => {
    let n = 0;
    const value = await waitForProgress({
      what: 'the service to answer',
      observe: () => {
        if (++n < 3) throw new Error('ECONNREFUSED');
        return n;
      },
      done: (v) => v >= 3,
      intervalMs: 1,
    });
    expect(value).toBe(3);
  });
});

describe('waitFor', () => {
  it('resolves once the predicate holds, and fails at the cap naming the condition', async () => {
    let calls = 0;
    await waitFor('three calls', () => ++calls >= 3, { intervalMs: 1 });
    expect(calls).toBe(3);
    await expect(waitFor('never', () => false, { capMs: 20, intervalMs: 5 })).rejects.toThrow(
      'timed out waiting for never',
    );
  });
});

describe('GiveUpError', () => {
  it('ends a wait at once', async () => {
    let calls = 0;
    const wait = waitFor('a process that exited', () => {
      calls++;
      throw new GiveUpError('it exited');
    });
    await expect(wait).rejects.toThrow('it exited');
    expect(calls).toBe(1);
  });
});
