import { abortOnShutdownSignal } from './shutdown';

describe('abortOnShutdownSignal', () => {
  it('aborts on SIGTERM with the signal as the reason, after telling the caller', () => {
    const seen: string[] = [];
    const controller = abortOnShutdownSignal((signal) => seen.push(signal));
    expect(controller.signal.aborted).toBe(false);
    process.emit('SIGTERM', 'SIGTERM');
    expect(seen).toEqual(['SIGTERM']);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe('SIGTERM');
  });
});
