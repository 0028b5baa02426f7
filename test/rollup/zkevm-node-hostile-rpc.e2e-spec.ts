import path from 'node:path';
import { JsonRpcProvider, Wallet, parseEther } from 'ethers';
import { privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { freePort } from '../support/free-port';
import { promtoolCheckMetrics } from '../support/promtool';
import { RollupStack, STACK_KEYS } from '../support/rollup-stack';

const NAMESPACE = 1;
const L2_CHAIN_ID = 1001;
const nodeMain = path.resolve(__dirname, '..', '..', 'dist', 'apps', 'zkevm-node', 'src', 'main.js');

type RpcReply = { result?: unknown; error?: { code: number; message: string } };

/**
 * Issue 17's critical finding against the real processes: a phase III zkevm-node (preconfirmed from the stream,
 * posting its own state roots) in front of four sequencers. The unsigned transfer of 1,000 ETH from anvil's account 0
 * that reached L2 blocks before is refused at the RPC, and the node's blocks carry only what was sequenced. A wallet
 * nobody here wrote (ethers v6) sends twice in a row and both land (pending nonces, issue 23).
 */
describe('zkevm-node under a hostile L2 JSON-RPC client', () => {
  jest.setTimeout(240_000);
  const stack = new RollupStack({
    nodes: 4,
    viewTimeoutMs: 1500,
    keySeed: 'zkevm-hostile',
    mode: 'offchain-da',
    namespace: NAMESPACE,
    adaptor: false,
  });
  let rpcUrl: string;
  let provider: JsonRpcProvider;
  const rpc = async (method: string, params: unknown[]): Promise<RpcReply> =>
    (await (
      await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      })
    ).json()) as RpcReply;

  beforeAll(async () => {
    await stack.start();
    const rpcPort = await freePort();
    rpcUrl = `http://127.0.0.1:${rpcPort}`;
    const args = ['--l1-url', stack.anvil.url, '--deployment', path.join(stack.net.dir, 'deployment.json')];
    args.push('--namespace', String(NAMESPACE), '--sequencer-url', stack.net.api(2), '--phase', '3');
    args.push('--rpc-port', String(rpcPort), '--chain-id', String(L2_CHAIN_ID), '--poll-interval-ms', '300');
    stack.net.startService('zkevm-node', nodeMain, args, { ZKEVM_L1_KEY: STACK_KEYS.adaptor });
    // cacheTimeout -1: ethers otherwise answers an identical call within 250 ms from its cache, so the wallet's second
    // quick send would read the pending nonce the first one already took.
    provider = new JsonRpcProvider(rpcUrl, L2_CHAIN_ID, {
      staticNetwork: true,
      pollingInterval: 300,
      cacheTimeout: -1,
    });
    await stack.waitUntil("zkevm-node's L2 RPC to answer", async () => {
      try {
        return (await rpc('eth_chainId', [])).result === `0x${L2_CHAIN_ID.toString(16)}`;
      } catch {
        return false;
      }
    });
  });

  afterAll(async () => {
    provider?.destroy();
    await stack.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  it('refuses unsigned transactions; the L2 blocks carry only sequenced ones and the victim keeps its ether', async () => {
    const victim = privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]).address;
    const thief = Wallet.createRandom().address;
    const theft = { from: victim, to: thief, value: `0x${parseEther('1000').toString(16)}` };
    for (const method of ['eth_sendUnsignedTransaction', 'eth_sendTransactionSync', 'eth_sendTransaction']) {
      expect(await rpc(method, [theft])).toMatchObject({ error: { code: -32601 } });
    }
    for (const [method, params] of [
      ['anvil_setBalance', [thief, '0xffff']],
      ['anvil_impersonateAccount', [victim]],
      ['evm_mine', []],
      ['txpool_content', []],
    ] as const) {
      expect(await rpc(method, [...params])).toMatchObject({ error: { code: -32601 } });
    }

    // An honest wallet sends twice without waiting: pending nonces 0 and 1, both executed.
    const wallet = new Wallet(ANVIL_PRIVATE_KEYS[3], provider);
    const recipient = Wallet.createRandom().address;
    const first = await wallet.sendTransaction({ to: recipient, value: parseEther('1') });
    const second = await wallet.sendTransaction({ to: recipient, value: parseEther('2') });
    expect([first.nonce, second.nonce]).toEqual([0, 1]);
    const receipts = await Promise.all([first.wait(1, 180_000), second.wait(1, 180_000)]);
    expect(receipts.map((receipt) => receipt?.status)).toEqual([1, 1]);
    expect(await provider.getBalance(recipient)).toBe(parseEther('3'));

    // Every L2 block so far holds only transactions the sequencer carried: the wallet's two, never the theft.
    const top = await provider.getBlockNumber();
    const carried = new Set([first.hash, second.hash]);
    for (let number = 1; number <= top; number++) {
      const block = await provider.getBlock(number);
      for (const hash of block!.transactions) expect(carried.has(hash)).toBe(true);
    }
    expect(await provider.getBalance(thief)).toBe(0n);
    expect(await provider.getBalance(victim)).toBe(parseEther('10000'));
    const metrics = await (await fetch(`${rpcUrl}/metrics`)).text();
    expect(metrics).toContain('zkevm_node_rpc_refused_total{reason="method_not_offered"} 7');
    expect(metrics).toMatch(/zkevm_node_engine_unsequenced_dropped_total 0/);
    // The binary's exposition passes Prometheus's linter, and /healthz on the same port reports its progress.
    expect(promtoolCheckMetrics(metrics)).toEqual({ code: 0, output: '' });
    const health = await fetch(`${rpcUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', phase: 3, preconf: true });
    expect(stack.net.serviceRunning('zkevm-node')).toBe(true);
    expect(stack.logLines('zkevm-node').filter((line) => line.level === 'error')).toEqual([]);
  });
});
