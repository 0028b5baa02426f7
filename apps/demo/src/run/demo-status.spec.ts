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
        { atMs: 0, height: 1, view: 10, decidedTransactions: 0, l1HotShotHeight: 0, l2Block: 0 },
        { atMs: 1000, height: 3, l1RollupHeight: 1, l1VerifiedHeight: 0 },
        { atMs: 4000, height: 9, view: 20, decidedTransactions: 40, l1HotShotHeight: 8, l2Block: 4 },
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
      l1VerifiedHeight: 0,
      l2Block: 4,
    });
    expect(formatStatusLine(status, 12.4)).toBe(
      '12s | height 9 | 2.5 views/s | decide p50 850 ms | 10 tx/s | L1 HotShot 8 | rollup 7 | L2 block 4 (phase II)',
    );
  });

  it('shows the verified height in phase III only, where the rollup node posts state roots', () => {
    const samples = [{ atMs: 0, l1HotShotHeight: 12, l1RollupHeight: 10, l1VerifiedHeight: 6, l2Block: 9 }];
    expect(formatStatusLine(demoStatus(3, samples, null), 30)).toBe(
      '30s | height - | - views/s | decide p50 - | - tx/s | L1 HotShot 12 | rollup 10 | verified 6 | L2 block 9 (phase III)',
    );
    expect(formatStatusLine(demoStatus(1, samples, null), 30)).toBe(
      '30s | height - | - views/s | decide p50 - | - tx/s | L1 HotShot 12 | rollup 10 | L2 block 9 (phase I)',
    );
  });

  it('shows nothing it has not measured', () => {
    const status = demoStatus(3, [{ atMs: 0 }], null);
    expect(status).toMatchObject({
      height: null,
      viewsPerSec: null,
      txPerSec: null,
      l1RollupHeight: null,
      l1VerifiedHeight: null,
      l2Block: null,
    });
    expect(formatStatusLine(status, 0)).toContain('decide p50 - |');
    expect(formatStatusLine(status, 0)).toContain('| verified - | L2 block - (phase III)');
  });
});
