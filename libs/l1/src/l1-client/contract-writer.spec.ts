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

const call = (functionName: 'verifyBatches' | 'sequenceBatchCommitments') =>
  ({
    address: '0x0000000000000000000000000000000000000002',
    abi: zkEvmRollupAbi,
    functionName,
    args: functionName === 'verifyBatches' ? [1n, `0x${'00'.repeat(32)}`, '0x'] : [[]],
    gasBudget: 1_000_000n,
  }) as const;

describe('ContractWriter', () => {
  it('sends calls from one account one at a time, in the order they were asked for', async () => {
    const { clients, maxInFlight, order } = slowClients();
    const writer = new ContractWriter(clients);
    const sent = await Promise.all([
      writer.send(call('sequenceBatchCommitments')),
      writer.send(call('verifyBatches')),
      writer.send(call('sequenceBatchCommitments')),
    ]);
    expect(sent.map((s) => s.hash)).toEqual(['0x1', '0x2', '0x3']);
    expect(order).toEqual(['sequenceBatchCommitments', 'verifyBatches', 'sequenceBatchCommitments']);
    expect(maxInFlight()).toBe(1);
  });

  it('keeps sending after a call fails', async () => {
    const { clients } = slowClients();
    const writer = new ContractWriter(clients);
    const over = writer.send({ ...call('verifyBatches'), gasBudget: 1n });
    const next = writer.send(call('verifyBatches'));
    await expect(over).rejects.toThrow(/gas/);
    await expect(next).resolves.toMatchObject({ gasEstimate: 50_000n });
  });
});
