import { leaderSchedule } from '@hotshot/consensus';
import { TransactionForwarder } from './transaction-forwarder';

const forwarder = (self: number, stakes: bigint[], view: number, currentLeaderMayWait = false) =>
  new TransactionForwarder({
    self,
    size: stakes.length,
    leaders: leaderSchedule(stakes),
    currentView: () => view,
    currentLeaderMayWait: () => currentLeaderMayWait,
    sendToEach: () => undefined,
    maxBatch: 10,
  });

describe('TransactionForwarder.upcomingLeaders', () => {
  it('names the leaders of the next views, not this node, in rotation order at equal stakes', () => {
    expect(forwarder(0, [1n, 1n, 1n, 1n], 2).upcomingLeaders()).toEqual([3, 1]);
    expect(forwarder(3, [1n, 1n, 1n, 1n], 2).upcomingLeaders()).toEqual([0, 1]);
  });

  it('follows the stake-weighted schedule: a member that leads most views is skipped over to the next one', () => {
    // Stakes 6:1:1: member 0 leads three views in four; node 0 forwards to the next two others.
    expect(forwarder(0, [6n, 1n, 1n], 0).upcomingLeaders()).toEqual([1, 2]);
    expect(forwarder(1, [6n, 1n, 1n], 0).upcomingLeaders()).toEqual([0, 2]);
  });

  it("adds the current view's leader while it may be holding an empty block back, and never this node", () => {
    expect(forwarder(0, [1n, 1n, 1n, 1n], 2, true).upcomingLeaders()).toEqual([2, 3, 1]);
    expect(forwarder(2, [1n, 1n, 1n, 1n], 2, true).upcomingLeaders()).toEqual([3, 0]);
    // Three members: the two others are all there is.
    expect(forwarder(0, [1n, 1n, 1n], 1, true).upcomingLeaders()).toEqual([1, 2]);
  });
});
