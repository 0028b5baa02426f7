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
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { headerFromJson } from '@hotshot/sequencer-api';
import { freePort } from '../support/free-port';
import { DIST_DIR } from '../support/network-harness';
import { RollupStack, STACK_KEYS } from '../support/rollup-stack';

const NAMESPACE = 1;
const L2_CHAIN_ID = 1001;
const nodeMain = path.join(DIST_DIR, 'apps', 'zkevm-node', 'src', 'main.js');

const TITLES = {
  1: 'phase I: derived from L1 alone',
  2: 'phase II: L1 commitments, sequencer data',
  3: 'phase III: integrated, preconfirmed from the stream, posting its own commitments and state roots',
} as const;

/**
 * The zkEVM rollup node against real processes: cdn-server and four sequencers, the deploy step, hotshot-poster,
 * zkevm-adaptor (--mode basic for phase 1, offchain-da for phase 2; none in phase 3, where the node posts) and
 * zkevm-node --phase. Transfers a user sends through the node's JSON-RPC with viem are sequenced, posted to L1 and
 * executed (phases 1 and 2 as L1 derives them, phase 2 with the data from a sequencer neither the poster nor the
 * adaptor reads; phase 3 from the stream before L1 has them); transactions the rollup must skip never reach L2.
 * Phase 3 also runs an L1-derived phase 2 node beside it: both must reach the state root L1 verified.
 */
export function describeZkevmNode(phase: 1 | 2 | 3): void {
  const mode = phase === 1 ? 'basic' : 'offchain-da';
  describe(`zkevm-node, ${TITLES[phase]}, executed`, () => {
    // Generous: the waits inside fail first, when nothing moves (see RollupStack.waitUntil).
    jest.setTimeout(900_000);
    const stack = new RollupStack({
      nodes: 4,
      viewTimeoutMs: 1500,
      keySeed: `zkevm-${phase}`,
      mode,
      namespace: 1,
      adaptor: phase !== 3,
    });
    const l2Chain = defineChain({
      id: L2_CHAIN_ID,
      name: 'rollup',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [] } },
    });
    let l2: PublicClient;
    let rpcUrl: string;
    // Phase 3 only: a phase 2 node deriving from the commitments the integrated node posts.
    let derived: PublicClient;
    let derivedUrl: string;

    /** Starts a zkevm-node service; returns its L2 RPC URL once it answers. */
    async function startNode(name: string, nodePhase: 1 | 2 | 3, sequencer: number, env = {}): Promise<string> {
      const rpcPort = await freePort();
      const url = `http://127.0.0.1:${rpcPort}`;
      const args = ['--l1-url', stack.anvil.url, '--deployment', path.join(stack.net.dir, 'deployment.json')];
      args.push('--namespace', String(NAMESPACE), '--sequencer-url', stack.net.api(sequencer));
      args.push('--rpc-port', String(rpcPort), '--chain-id', String(L2_CHAIN_ID), '--poll-interval-ms', '300');
      stack.net.startService(name, nodeMain, [...args, '--phase', String(nodePhase)], env);
      const client = createPublicClient({ chain: l2Chain, transport: http(url) });
      await stack.waitUntil(`${name}'s L2 RPC to answer`, async () => (await client.getChainId()) === L2_CHAIN_ID);
      return url;
    }
    const clientOf = (url: string) =>
      createPublicClient({ chain: l2Chain, transport: http(url), pollingInterval: 300 }) as PublicClient;

    beforeAll(async () => {
      await stack.start();
      const env = phase === 3 ? { ZKEVM_L1_KEY: STACK_KEYS.adaptor } : {};
      rpcUrl = await startNode('zkevm-node', phase, 2, env);
      l2 = clientOf(rpcUrl);
      if (phase === 3) {
        derivedUrl = await startNode('zkevm-node-l1', 2, 3);
        derived = clientOf(derivedUrl);
      }
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

      // Waited for while L2 keeps executing blocks, not for a fixed time.
      const receipts = await Promise.all(
        hashes.map(async (hash) => {
          await stack.waitUntil(
            `the L2 receipt of ${hash}`,
            () =>
              l2.getTransactionReceipt({ hash }).then(
                () => true,
                () => false,
              ),
            { progress: async () => Number(await l2.getBlockNumber()) },
          );
          return l2.getTransactionReceipt({ hash });
        }),
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
      await stack.waitForAtLeast(
        `L2 to execute height ${top}`,
        async () => Number(await l2.getBlockNumber()),
        l2Height,
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

    if (phase === 3) {
      it('posts its own state root, which an L1-derived node reaches too, with no adaptor process', async () => {
        const executedTop = stack.deployment.startHeight + Number(await l2.getBlockNumber()) - 1;
        await stack.waitForAtLeast(
          `L1 to verify height ${executedTop}`,
          async () => (await stack.rollupVerified()).height,
          executedTop,
        );
        const verified = await stack.rollupVerified();
        // The transfers above executed blocks, and L1 verified past them: the comparison below is of a real block.
        expect(executedTop).toBeGreaterThanOrEqual(stack.deployment.startHeight);
        expect(verified.height).toBeGreaterThanOrEqual(executedTop);
        const l2Block = BigInt(verified.height - stack.deployment.startHeight + 1);
        // The root on L1 is the one the integrated node computed, preconfirmed from the stream.
        expect((await l2.getBlock({ blockNumber: l2Block })).stateRoot).toBe(verified.stateRoot);
        // Derived from L1's commitments alone, execution reaches the same root at the same block.
        await stack.waitForAtLeast(
          'the L1-derived node to reach the verified block',
          async () => Number(await derived.getBlockNumber()),
          Number(l2Block),
        );
        expect((await derived.getBlock({ blockNumber: l2Block })).stateRoot).toBe(verified.stateRoot);
        // Both nodes checked L1 themselves: each confirmed the sequenced inputs and the verified root as its own.
        for (const url of [rpcUrl, derivedUrl]) {
          await stack.waitForAtLeast(
            `${url} to reconcile the verified height`,
            async () => {
              const health = (await (await fetch(`${url}/healthz`)).json()) as { verifiedHeight: number | null };
              return health.verifiedHeight ?? 0;
            },
            verified.height,
          );
        }
        // Every sequencing call came from the node's own account: there is no separate adaptor.
        const node = privateKeyToAccount(STACK_KEYS.adaptor).address.toLowerCase();
        const ranges = await stack.rangeEvents('rollup', 'BatchCommitmentsSequenced');
        expect(ranges.length).toBeGreaterThan(0);
        for (const range of ranges) {
          const tx = await stack.l1.getTransaction({ hash: range.transactionHash });
          expect(tx.from.toLowerCase()).toBe(node);
        }
        for (const name of ['zkevm-node', 'zkevm-node-l1']) {
          expect(stack.net.serviceRunning(name)).toBe(true);
          expect(stack.logLines(name).filter((line) => line.level === 'error')).toEqual([]);
        }
      });
    }
  });
}
