import { JsonLogger } from './logger';

describe('JsonLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ sink: (line) => lines.push(line), clock: () => 0, level: 'info' });
    return { lines, logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };

  it('writes one JSON object per line with the message and fields apart', () => {
    const { lines, logger, records } = capture();
    logger.info('decided', { height: 3, chainId: 5n, digest: new Uint8Array([0xab]) });
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(records()).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'info', msg: 'decided', height: 3, chainId: '5', digest: '0xab' },
    ]);
  });

  it('drops lines below its level and carries child fields', () => {
    const { logger, records } = capture();
    logger.debug('noise');
    logger.child({ module: 'consensus' }).warn('view timed out', { view: 9 });
    expect(records()).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'view timed out', module: 'consensus', view: 9 },
    ]);
  });

  it('renders errors with their name and message', () => {
    const { logger, records } = capture();
    logger.error('storage failed', { error: new RangeError('boom') });
    expect(records()[0]!.error).toEqual({ name: 'RangeError', message: 'boom' });
  });
});
