import { loadLatencyOf } from './load-progress';

describe('loadLatencyOf', () => {
  it("reads the p50s of the load generator's progress line, ignoring its other fields", () => {
    const line = JSON.stringify({
      time: 't',
      level: 'info',
      msg: 'load progress',
      p50Ms: 250,
      p50MsAll: null,
      sent: 9,
    });
    expect(loadLatencyOf(line)).toEqual({ recent: 250, all: null });
  });

  it('gives undefined for any other line: not JSON, another message, or a field of the wrong type', () => {
    expect(loadLatencyOf('starting')).toBeUndefined();
    expect(loadLatencyOf(JSON.stringify({ msg: 'submitted', p50Ms: 1, p50MsAll: 1 }))).toBeUndefined();
    expect(loadLatencyOf(JSON.stringify({ msg: 'load progress', p50Ms: '250', p50MsAll: 1 }))).toBeUndefined();
    expect(loadLatencyOf(JSON.stringify({ msg: 'load progress' }))).toBeUndefined();
  });
});
