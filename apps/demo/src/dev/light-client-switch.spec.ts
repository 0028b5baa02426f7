import { LightClientSwitch, type PosterLoop } from './light-client-switch';

/** A poster loop that runs until aborted, then takes a while to stop (a newBlocks in flight). */
class FakeLoop implements PosterLoop {
  l1Height = 0;
  runs = 0;
  running = false;
  fail: Error | undefined;

  async run(signal: AbortSignal): Promise<void> {
    this.runs++;
    this.running = true;
    if (this.fail) throw this.fail;
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.l1Height += 5;
    this.running = false;
  }
}

const at = new Date('2026-01-02T03:04:05.000Z');

describe('LightClientSwitch', () => {
  it('posts once started, and freeze resolves only after the loop stopped (its last post counted)', async () => {
    const loop = new FakeLoop();
    const lightClient = new LightClientSwitch(
      loop,
      '0xabc',
      () => undefined,
      () => at,
    );
    lightClient.start();
    lightClient.start();
    expect(loop.runs).toBe(1);
    expect(lightClient.state()).toEqual({
      status: 'posting',
      l1Height: 0,
      account: '0xabc',
      lastPosted: null,
      frozenAt: null,
    });
    await lightClient.freeze();
    expect(loop.running).toBe(false);
    expect(lightClient.state()).toMatchObject({ status: 'frozen', l1Height: 5, frozenAt: at.toISOString() });
    await lightClient.freeze();
    expect(loop.runs).toBe(1);
  });

  it('resumes with a new run after a freeze and reports the last mined range', async () => {
    const loop = new FakeLoop();
    const lightClient = new LightClientSwitch(
      loop,
      '0xabc',
      () => undefined,
      () => at,
    );
    lightClient.start();
    lightClient.recordPosted({ from: 1, to: 9, gasUsed: 10n, transactionHash: '0x01' });
    await lightClient.freeze();
    lightClient.start();
    expect(loop.runs).toBe(2);
    expect(lightClient.state()).toMatchObject({
      status: 'posting',
      frozenAt: null,
      lastPosted: { from: 1, to: 9, transactionHash: '0x01' },
    });
    await lightClient.freeze();
  });

  it('counts a loop that throws as frozen and reports the error', async () => {
    const loop = new FakeLoop();
    loop.fail = new Error('bug');
    const crashes: unknown[] = [];
    const lightClient = new LightClientSwitch(
      loop,
      '0xabc',
      (error) => crashes.push(error),
      () => at,
    );
    lightClient.start();
    await lightClient.freeze();
    expect(crashes).toEqual([loop.fail]);
    expect(lightClient.state().status).toBe('frozen');
  });
});
