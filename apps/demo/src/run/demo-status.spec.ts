import { demoStatus, formatStatusLine, prometheusValue } from './demo-status';

describe('prometheusValue', () => {
  const text = [
    '# HELP sequencer_consensus_view The view the node is in',
    '# TYPE sequencer_consensus_view gauge',
    'sequencer_consensus_view 42',
    'sequencer_consensus_view_timeouts_total 3',
    'sequencer_consensus_decided_transactions_total{} 1.5e3',
  ].join('\n');

  it('reads an unlabelled metric by its exact name', () => {
    expect(prometheusValue(text, 'sequencer_consensus_view')).toBe(42);
    expect(prometheusValue(text, 'sequencer_consensus_view_timeouts_total')).toBe(3);
    expect(prometheusValue(text, 'sequencer_consensus_decided_transactions_total')).toBe(1500);
    expect(prometheusValue(text, 'sequencer_missing')).toBeUndefined();
  });
});

describe('demoStatus', () => {
  it('computes rates between the first and last sample that carry each value, and takes the newest heights', () => {
    const status = demoStatus(
      2,
      [
        { atMs: 0, height: 1, view: 10, decidedTransactions: 0, l1HotShotHeight: 0 },
        { atMs: 1000, height: 3, l1RollupHeight: 1 },
        { atMs: 4000, height: 9, view: 20, decidedTransactions: 40, l1HotShotHeight: 8 },
        { atMs: 5000, l1RollupHeight: 7 },
      ],
      850,
    );
    expect(status).toEqual({
      phase: 2,
      height: 9,
      viewsPerSec: 2.5,
      p50Ms: 850,
      txPerSec: 10,
      l1HotShotHeight: 8,
      l1RollupHeight: 7,
    });
    expect(formatStatusLine(status, 12.4)).toBe(
      '12s | height 9 | 2.5 views/s | decide p50 850 ms | 10 tx/s | L1 HotShot 8 | rollup 7 (phase II)',
    );
  });

  it('shows nothing it has not measured', () => {
    const status = demoStatus(1, [{ atMs: 0 }], null);
    expect(status).toMatchObject({ height: null, viewsPerSec: null, txPerSec: null, l1RollupHeight: null });
    expect(formatStatusLine(status, 0)).toContain('decide p50 - |');
  });
});
