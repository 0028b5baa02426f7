import net from 'node:net';
import { TestNetwork } from './network-harness';

/** The harness holds on a busy machine: a node whose API port another process took first starts on another one. */
describe('TestNetwork', () => {
  it('starts a node again on another API port when its own was taken before it could bind it', async () => {
    const network = new TestNetwork({ nodes: 1 });
    const squatter = net.createServer();
    try {
      await network.start();
      await network.waitForHeight(1, [0]);
      await network.kill(0);
      const taken = network.apiPorts[0]!;
      await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
      network.restart(0);
      await network.waitForHeight(2, [0]);
      expect(network.apiPorts[0]).not.toBe(taken);
    } finally {
      squatter.close();
      await network.stop();
    }
  });
});
