import { shutdownSignal } from './shutdown';

describe('shutdownSignal', () => {
  it('aborts on SIGTERM with the signal as the reason, after telling the caller, and resolves with its name', async () => {
    const seen: string[] = [];
    const shutdown = shutdownSignal((signal) => seen.push(signal));
    expect(shutdown.signal.aborted).toBe(false);
    process.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual(['SIGTERM']);
    expect(shutdown.signal.aborted).toBe(true);
    expect(shutdown.signal.reason).toBe('SIGTERM');
    await expect(shutdown.received).resolves.toBe('SIGTERM');
  });

  it('absorbs the other signal while shutting down, reporting only the first', async () => {
    const seen: string[] = [];
    const shutdown = shutdownSignal((signal) => seen.push(signal));
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual(['SIGINT']);
    await expect(shutdown.received).resolves.toBe('SIGINT');
  });
});
