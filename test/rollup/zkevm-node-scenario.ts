import path from 'node:path';
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  keccak256,
  parseEther,
  parseGwei,
  toHex,
  type PublicClient,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS, headerFromJson } from '@hotshot/l1';
import { freePort } from '../support/free-port';
import { RollupStack } from '../support/rollup-stack';

const NAMESPACE = 1;
const L2_CHAIN_ID = 1001;
const nodeMain = path.resolve(__dirname, '..', '..', 'dist', 'apps', 'zkevm-node', 'src', 'main.js');

/**
 * The zkEVM rollup node against real processes: cdn-server and four sequencers, the deploy step, hotshot-poster,
 * zkevm-adaptor (--mode basic for phase 1, offchain-da for phase 2) and zkevm-node --phase. Transfers a user sends
 * through the node's JSON-RPC with viem are sequenced, posted to L1 and executed as L1 derives them (phase 2: with the
 * data from a sequencer neither the poster nor the adaptor reads); transactions the rollup must skip never reach L2.
 */
export function describeZkevmNode(phase: 1 | 2): void {
  const mode = phase === 1 ? 'basic' : 'offchain-da';
  const title = phase === 1 ? 'phase I: derived from L1 alone' : 'phase II: L1 commitments, sequencer data';
  describe(`zkevm-node, ${title}, executed`, () => {
    jest.setTimeout(180_000);
    const stack = new RollupStack({ nodes: 4, viewTimeoutMs: 1500, keySeed: `zkevm-${phase}`, mode, namespace: 1 });
    const l2Chain = defineChain({
      id: L2_CHAIN_ID,
      name: 'rollup',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [] } },
    });
    let l2: PublicClient;
    let rpcUrl: string;

    beforeAll(async () => {
      await stack.start();
      const rpcPort = await freePort();
      rpcUrl = `http://127.0.0.1:${rpcPort}`;
      const args = ['--l1-url', stack.anvil.url, '--deployment', path.join(stack.net.dir, 'deployment.json')];
      args.push('--namespace', String(NAMESPACE), '--sequencer-url', stack.net.api(2), '--rpc-port', String(rpcPort));
      args.push('--chain-id', String(L2_CHAIN_ID), '--poll-interval-ms', '300', '--phase', String(phase));
      stack.net.startService('zkevm-node', nodeMain, args);
      l2 = createPublicClient({ chain: l2Chain, transport: http(rpcUrl), pollingInterval: 300 }) as PublicClient;
      await stack.waitUntil('the L2 RPC to answer', 30_000, async () => (await l2.getChainId()) === L2_CHAIN_ID);
    });

    afterAll(async () => {
      // KEEP_NETWORK_LOGS=1 keeps every process's log under the folder the failure messages name.
      await stack.stop(process.env.KEEP_NETWORK_LOGS === '1');
    });

    it('executes two transfers sent through its JSON-RPC and leaves out the ones it must skip', async () => {
      const senders = [ANVIL_PRIVATE_KEYS[3], ANVIL_PRIVATE_KEYS[4]].map((key) => privateKeyToAccount(key));
      const recipients = [0, 1].map(() => privateKeyToAccount(generatePrivateKey()).address);
      const values = [parseEther('1.5'), parseEther('0.25')];
      const before = await Promise.all(senders.map((s) => l2.getBalance({ address: s.address })));
      expect(before[0]).toBe(parseEther('10000'));

      const hashes = await Promise.all(
        senders.map((account, i) =>
          createWalletClient({ account, chain: l2Chain, transport: http(rpcUrl) }).sendTransaction({
            to: recipients[i]!,
            value: values[i]!,
          }),
        ),
      );
      // Skipped by every node: not RLP at all, and a well-signed transfer with a nonce from the future. Submitted
      // straight to the namespace, since the node's own RPC refuses what does not decode.
      const garbage = new TextEncoder().encode('\xff not an EVM transaction');
      const future = await senders[0]!.signTransaction({
        type: 'eip1559',
        chainId: L2_CHAIN_ID,
        nonce: 7,
        to: recipients[0]!,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas: parseGwei('2'),
        maxPriorityFeePerGas: parseGwei('1'),
      });
      const skipped = [toHex(garbage), future];
      const sequencerHashes = await Promise.all(
        skipped.map((raw, i) => stack.net.submit(i, NAMESPACE, Buffer.from(raw.slice(2), 'hex'))),
      );

      const receipts = await Promise.all(
        hashes.map((hash) => l2.waitForTransactionReceipt({ hash, timeout: 120_000, pollingInterval: 300 })),
      );
      for (const [i, receipt] of receipts.entries()) {
        expect(receipt.status).toBe('success');
        expect(await l2.getBalance({ address: recipients[i]! })).toBe(values[i]);
        const spent = values[i]! + receipt.gasUsed * receipt.effectiveGasPrice;
        expect(await l2.getBalance({ address: senders[i]!.address })).toBe(before[i]! - spent);
      }

      // One L2 block per HotShot height from the deployment's start height, stamped with the header's time.
      const block = await l2.getBlock({ blockNumber: receipts[0]!.blockNumber });
      const height = stack.deployment.startHeight + Number(block.number) - 1;
      const { body } = await stack.net.get<unknown>(0, `/v0/availability/header/${height}`);
      expect(block.timestamp).toBe(BigInt(Math.floor(headerFromJson(body).timestamp / 1000)));

      // Once L2 has executed past the skipped transactions' heights, they are absent and each was logged once.
      const top = Math.max(...(await Promise.all(sequencerHashes.map((hash) => stack.decidedHeight(hash)))));
      const l2Height = top - stack.deployment.startHeight + 1;
      await stack.waitUntil(
        `L2 to execute height ${top}`,
        120_000,
        async () => (await l2.getBlockNumber()) >= l2Height,
      );
      for (const raw of skipped) {
        const hash = keccak256(raw);
        expect(await l2.request({ method: 'eth_getTransactionReceipt', params: [hash] })).toBeNull();
        const logged = stack
          .logLines('zkevm-node')
          .filter((l) => l.msg === 'rollup transaction skipped' && l.hash === hash);
        expect(logged).toHaveLength(1);
      }
      expect(await l2.getTransactionCount({ address: senders[0]!.address })).toBe(1);
      expect(stack.net.serviceRunning('zkevm-node')).toBe(true);
      // Nothing it derived contradicted L1 (phase 2: every height's data matched its commitment).
      expect(stack.logLines('zkevm-node').filter((line) => line.level === 'error')).toEqual([]);
    });

    it('refuses what would bypass the sequencer', async () => {
      const reply = async (method: string, params: unknown[]) =>
        (await (
          await fetch(rpcUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
          })
        ).json()) as { error?: { code: number; message: string } };
      expect((await reply('evm_mine', [])).error?.code).toBe(-32601);
      expect((await reply('eth_sendTransaction', [{}])).error?.code).toBe(-32601);
      expect((await reply('eth_sendRawTransaction', ['0x1234'])).error).toMatchObject({ code: -32602 });
    });
  });
}
