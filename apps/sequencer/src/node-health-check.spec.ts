import type { NodeHealthFacts, NodeStatus } from './api/api-ports';
import { nodeHealthCheck } from './node-health-check';

describe('nodeHealthCheck (the sequencer --metrics-port /healthz)', () => {
  const statusOf = (running: boolean, facts: NodeHealthFacts): NodeStatus => ({
    blockHeight: async () => 0,
    lastDecideAtMs: () => undefined,
    isRunning: () => running,
    healthFacts: () => facts,
  });

  it('is starting until the node joined, ok while it decides, failing with the reason once it stalls', () => {
    const now = () => 100_000;
    expect(nodeHealthCheck(statusOf(false, {}), now)()).toEqual({ status: 'starting', reason: 'joining the network' });
    const deciding = { lastProgressAtMs: 95_000, stallAfterMs: 10_000 };
    expect(nodeHealthCheck(statusOf(true, deciding), now)()).toEqual({ status: 'ok' });
    const stalled = { lastProgressAtMs: 80_000, stallAfterMs: 10_000 };
    expect(nodeHealthCheck(statusOf(true, stalled), now)()).toEqual({
      status: 'failing',
      reason: 'the node has not decided a block for longer than ten view timeouts',
      secondsSinceLastDecide: 20,
      stallAfterSeconds: 10,
    });
  });

  it('is failing, naming the storage error, once storage failed', () => {
    const report = nodeHealthCheck(statusOf(true, { storageFailure: new Error('disk full') }))();
    expect(report).toMatchObject({
      status: 'failing',
      reason: expect.stringContaining('storage failed') as unknown,
      storageFailure: 'disk full',
    });
  });
});
