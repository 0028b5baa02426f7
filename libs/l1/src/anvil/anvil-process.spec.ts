import { createPublicClient, http } from 'viem';
import { AnvilStartError } from '../errors';
import { startAnvil } from './anvil-process';

describe('startAnvil', () => {
  it('starts a prague chain on a free port and stops it', async () => {
    const anvil = await startAnvil();
    try {
      const client = createPublicClient({ transport: http(anvil.url) });
      expect(await client.getBlockNumber()).toBe(0n);
      // The EIP-2537 G1ADD precompile answers only from prague on: infinity + infinity is infinity.
      const sum = await client.call({
        to: '0x000000000000000000000000000000000000000b',
        data: `0x${'00'.repeat(256)}`,
      });
      expect(sum.data).toBe(`0x${'00'.repeat(128)}`);
    } finally {
      await anvil.stop();
    }
    await expect(fetch(anvil.url, { method: 'POST' })).rejects.toThrow();
  });

  it('fails with AnvilStartError when the port is taken', async () => {
    const first = await startAnvil();
    try {
      await expect(startAnvil({ port: first.port })).rejects.toThrow(AnvilStartError);
    } finally {
      await first.stop();
    }
  });
});
