import net from 'node:net';
import { ScaleOutNetwork } from './support/scale-out-network';

// Every port picked in advance is one another process took before the pick was used, as happens on a loaded machine
// where a node binds its API tens of seconds after the pick (issue 24: a node exited with EADDRINUSE, the others
// waited at height 0 for a roster that never filled, and all three scale-out consensus tests failed).
const squatter = net.createServer();
jest.mock('../support/free-port', () => ({
  freePort: () => Promise.resolve((squatter.address() as net.AddressInfo).port),
}));

/** The scale-out harness under port theft: its processes bind ports the OS chooses, so none can be taken first. */
describe('ScaleOutNetwork', () => {
  jest.setTimeout(600_000);

  it('runs a node and the CDN even when every port picked in advance is taken by another process', async () => {
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const network = new ScaleOutNetwork({ nodes: 1, brokers: ['broker-a'], viewTimeoutMs: 1500 });
    try {
      await network.start();
      await network.waitForHeight(2);
      expect(network.brokerOf(0)).toBe('broker-a');
    } finally {
      squatter.close();
      await network.stop(process.env.KEEP_NETWORK_LOGS === '1');
    }
  });
});
