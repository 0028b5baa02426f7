import type { Address } from 'viem';
import { setTimeout as sleep } from 'node:timers/promises';
import { zkEvmRollupAbi } from '../generated/zk-evm-rollup';
import { ContractWriter } from './contract-writer';
import type { L1Clients } from './l1-clients';

/** L1 clients whose sends take a while to be mined, recording how many are in flight at once. */
function slowClients(): { clients: L1Clients; maxInFlight: () => number; order: string[] } {
  let inFlight = 0;
  let max = 0;
  const order: string[] = [];
  const clients = {
    account: { address: '0x0000000000000000000000000000000000000001' },
    publicClient: {
      estimateContractGas: async () => 50_000n,
      waitForTransactionReceipt: async () => {
        await sleep(20);
        inFlight -= 1;
        return { status: 'success', blockNumber: 1n, gasUsed: 1n };
      },
    },
    walletClient: {
      chain: undefined,
      writeContract: async ({ functionName }: { functionName: string }) => {
        inFlight += 1;
        max = Math.max(max, inFlight);
        order.push(functionName);
        return `0x${order.length}`;
      },
    },
  } as unknown as L1Clients;
  return { clients, maxInFlight: () => max, order };
}

const ROLLUP: Address = '0x0000000000000000000000000000000000000002';
const verify = (gasBudget = 1_000_000n) => ({
  address: ROLLUP,
  abi: zkEvmRollupAbi,
  functionName: 'verifyBatches' as const,
  args: [1n, `0x${'00'.repeat(32)}`, '0x'] as const,
  gasBudget,
});
const sequence = () => ({
  address: ROLLUP,
  abi: zkEvmRollupAbi,
  functionName: 'sequenceBatchCommitments' as const,
  args: [[]] as const,
  gasBudget: 1_000_000n,
});

describe('ContractWriter', () => {
  it('sends calls from one account one at a time, in the order they were asked for', async () => {
    const { clients, maxInFlight, order } = slowClients();
    const writer = new ContractWriter(clients);
    const sent = await Promise.all([writer.send(sequence()), writer.send(verify()), writer.send(sequence())]);
    expect(sent.map((s) => s.hash)).toEqual(['0x1', '0x2', '0x3']);
    expect(order).toEqual(['sequenceBatchCommitments', 'verifyBatches', 'sequenceBatchCommitments']);
    expect(maxInFlight()).toBe(1);
  });

  it('keeps sending after a call fails', async () => {
    const { clients } = slowClients();
    const writer = new ContractWriter(clients);
    const over = writer.send(verify(1n));
    const next = writer.send(verify());
    await expect(over).rejects.toThrow(/gas/);
    await expect(next).resolves.toMatchObject({ gasEstimate: 50_000n });
  });
});
