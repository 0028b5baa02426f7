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
    shutdown.dispose();
  });

  it('hands every later signal to onRepeat when given one, and stops listening once disposed', () => {
    const repeated: string[] = [];
    const shutdown = shutdownSignal(undefined, { onRepeat: (signal) => repeated.push(signal) });
    process.emit('SIGINT', 'SIGINT');
    expect(shutdown.signal.reason).toBe('SIGINT');
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    expect(repeated).toEqual(['SIGINT', 'SIGTERM']);
    const listeners = process.listenerCount('SIGINT');
    shutdown.dispose();
    expect(process.listenerCount('SIGINT')).toBe(listeners - 1);
  });
});
