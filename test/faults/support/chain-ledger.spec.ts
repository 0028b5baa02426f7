import { ChainLedger, DUPLICATE_HORIZON_HEIGHTS } from './chain-ledger';

const A = '0xaa';
const B = '0xbb';
const C = '0xcc';

describe('ChainLedger', () => {
  it('accepts one commitment per height from every node and reports a second one as a fork', () => {
    const ledger = new ChainLedger();
    expect(ledger.recordLeaf(0, 1, A)).toBeUndefined();
    expect(ledger.recordLeaf(3, 1, A)).toBeUndefined();
    expect(ledger.recordLeaf(2, 1, B)).toEqual({
      height: 1,
      first: { node: 0, commitment: A },
      second: { node: 2, commitment: B },
    });
    expect(ledger.forks).toHaveLength(1);
    expect(ledger.commitmentAt(1)).toBe(A);
  });

  it('sees a fork in a block whose hash differs from the leaves, and does not count its transactions', () => {
    const ledger = new ChainLedger();
    ledger.recordLeaf(0, 1, A);
    ledger.acknowledge('0x01', 0, 10);
    expect(ledger.recordBlock(1, 1, B, ['0x01'])).toMatchObject({ height: 1 });
    expect(ledger.decidedCount('0x01')).toBe(0);
  });

  it('counts an acknowledged transaction decided at two heights, or twice in one block, as duplicated', () => {
    const ledger = new ChainLedger();
    ledger.acknowledge('0x01', 0, 10);
    ledger.acknowledge('0x02', 1, 10);
    ledger.recordBlock(0, 1, A, ['0x01', '0x03']);
    ledger.recordBlock(0, 2, B, ['0x01', '0x02', '0x02', '0x03']);
    // Reading a height again (another poll, another node) does not count it twice.
    ledger.recordBlock(3, 2, B, ['0x01', '0x02', '0x02']);
    const accounting = ledger.accounting();
    expect(accounting.duplicated).toEqual([
      { hash: '0x01', heights: [1, 2] },
      { hash: '0x02', heights: [2, 2] },
    ]);
    // A payload the suite did not submit, decided twice, is listed apart.
    expect(accounting.resequenced).toEqual([{ hash: '0x03', heights: [1, 2] }]);
    expect(accounting.decidedOnce).toBe(0);
  });

  it('reports bytes sequenced again beyond the duplicate horizon apart from those within it', () => {
    const ledger = new ChainLedger();
    const far = 1 + DUPLICATE_HORIZON_HEIGHTS + 1;
    ledger.recordBlock(0, 1, A, ['0x05', '0x06']);
    ledger.recordBlock(0, 1 + DUPLICATE_HORIZON_HEIGHTS, B, ['0x06']);
    ledger.recordBlock(0, far, C, ['0x05']);
    const accounting = ledger.accounting();
    expect(accounting.resequenced).toEqual([{ hash: '0x06', heights: [1, 1 + DUPLICATE_HORIZON_HEIGHTS] }]);
    expect(accounting.resequencedBeyondHorizon).toEqual([{ hash: '0x05', heights: [1, far] }]);
  });

  it('tells a lost transaction from one whose acknowledging node stopped after acknowledging it', () => {
    const ledger = new ChainLedger();
    ledger.acknowledge('0x01', 0, 100); // node 0 never stops: lost
    ledger.acknowledge('0x02', 1, 100); // node 1 stops at 150: lost with a stopped acker
    ledger.acknowledge('0x03', 2, 300); // node 2 stopped before (at 200) and never after: lost
    ledger.acknowledge('0x04', 1, 100); // decided once
    ledger.nodeStopped(1, 150);
    ledger.nodeStopped(2, 200);
    ledger.recordBlock(0, 1, A, ['0x04', '0x99']);
    const accounting = ledger.accounting();
    expect(accounting.lost.map((l) => l.hash)).toEqual(['0x01', '0x03']);
    expect(accounting.lostWithStoppedAcker).toEqual([{ hash: '0x02', node: 1, atMs: 100, stoppedAfterMs: 50 }]);
    expect(accounting.decidedOnce).toBe(1);
    expect(accounting.decidedUnacknowledged).toBe(1);
    expect(ledger.undecidedAcknowledged().map((a) => a.hash)).toEqual(['0x01', '0x02', '0x03']);
  });

  it('lists the heights whose block was not read yet', () => {
    const ledger = new ChainLedger();
    for (const h of [1, 2, 3]) ledger.recordLeaf(0, h, `0x0${h}`);
    ledger.recordBlock(0, 2, '0x02', []);
    expect(ledger.unreadHeights(3)).toEqual([1, 3]);
    expect(ledger.highestHeight).toBe(3);
  });
});
