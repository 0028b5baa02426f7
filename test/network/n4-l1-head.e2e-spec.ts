import { startAnvil, type AnvilProcess } from '@hotshot/l1';
import { createTestClient, http } from 'viem';
import { TestNetwork } from '../support/network-harness';
import { waitForProgress } from '../support/wait-for-progress';

/**
 * Four sequencers with an L1 (issue 18): leaders name the L1's finalized block in their headers' l1Head, which
 * follows the L1 as it finalizes and never goes back, and no node drops a proposal when they all watch one L1.
 */
describe('n4 network watching L1 finalized blocks', () => {
  jest.setTimeout(600_000);
  let anvil: AnvilProcess;
  let net: TestNetwork;
  let mine: (blocks: number) => Promise<void>;

  beforeAll(async () => {
    anvil = await startAnvil();
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.url) });
    mine = (blocks) => testClient.mine({ blocks });
    // anvil calls latest - 64 finalized: 100 blocks finalize block 36.
    await mine(100);
    net = new TestNetwork({
      nodes: 4,
      viewTimeoutMs: 1500,
      nodeArgs: ['--l1-url', anvil.url, '--l1-poll-interval-ms', '200'],
    });
    await net.start();
    await net.waitForHeight(3, [0, 1, 2, 3]);
  });
  afterAll(async () => {
    await net?.stop(process.env.KEEP_NETWORK_LOGS === '1');
    await anvil?.stop();
  });

  const l1Heads = async (index: number): Promise<number[]> => {
    const height = (await net.blockHeight(index)) ?? 1;
    const heads: number[] = [];
    for (let h = 1; h < height; h++)
      heads.push((await net.get<{ l1Head: number }>(index, `/v0/availability/header/${h}`)).body.l1Head);
    return heads;
  };

  const metric = async (index: number, name: string): Promise<string | undefined> => {
    const text = await (await fetch(`${net.api(index)}/v0/status/metrics`)).text();
    return text.split('\n').find((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
  };

  it('puts the finalized L1 block in the headers, following the L1 and never going back', async () => {
    await waitForProgress({
      what: 'a decided header naming L1 block 36',
      observe: async () => ({ heads: await l1Heads(0) }),
      done: ({ heads }) => heads.includes(36),
      progress: ({ heads }) => ({ decided: heads.length }),
      stallMs: 60_000,
      intervalMs: 300,
      context: () => `logs in ${net.dir}`,
    });
    await mine(20);
    const { heads } = await waitForProgress({
      what: 'a decided header naming L1 block 56',
      observe: async () => ({ heads: await l1Heads(0) }),
      done: ({ heads }) => heads.includes(56),
      progress: ({ heads }) => ({ decided: heads.length }),
      stallMs: 60_000,
      intervalMs: 300,
      context: () => `logs in ${net.dir}`,
    });
    for (let i = 1; i < heads.length; i++) expect(heads[i]).toBeGreaterThanOrEqual(heads[i - 1]!);
    // Blocks the watcher saw finalized as anvil mined the 20 (one at a time), never past the L1's own.
    expect(heads.every((head) => head === 0 || (head >= 36 && head <= 56))).toBe(true);
    for (const index of [0, 1, 2, 3]) {
      expect(await metric(index, 'sequencer_l1_finalized_block')).toBe('sequencer_l1_finalized_block 56');
      // One L1 for all: no node held a proposal past its grace or had to refuse one.
      expect(await metric(index, 'sequencer_consensus_l1_refused_proposals_total')).toBeUndefined();
      expect(await metric(index, 'sequencer_consensus_rejected_messages_total')).toBeUndefined();
    }
  });
});
