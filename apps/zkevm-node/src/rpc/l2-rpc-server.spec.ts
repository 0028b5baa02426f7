import { JsonRpcProvider, Wallet, parseEther as ethersParseEther } from 'ethers';
import { toHex, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { JsonLogger, type HealthReport } from '@hotshot/telemetry';
import { EngineClient } from '../engine/engine-client';
import { startEngine, type EngineProcess } from '../engine/engine-process';
import { UnsequencedTransactionError } from '../errors';
import { BatchExecutor } from '../execution/batch-executor';
import { ZkevmNodeMetrics } from '../metrics/node-metrics';
import { startL2Rpc, type L2RpcServer } from './l2-rpc-server';
import { PendingPool } from './pending-pool';

const CHAIN_ID = 1001;
const ZERO = `0x${'00'.repeat(32)}` as Hex;
const attacker = privateKeyToAccount(ANVIL_PRIVATE_KEYS[0]).address;

/**
 * The L2 JSON-RPC and the executor as the rollup node wires them, against a real engine (anvil) over real HTTP; the
 * sequencer is a recorder whose submissions the test executes as the next height, in order.
 */
describe('L2 JSON-RPC against a real engine', () => {
  jest.setTimeout(60_000);
  const log = new JsonLogger({ level: 'error' });
  let engineProcess: EngineProcess;
  let engine: EngineClient;
  let rpc: L2RpcServer;
  let metrics: ZkevmNodeMetrics;
  let pending: PendingPool;
  let executor: BatchExecutor;
  let submitted: Hex[];
  let height = 10;
  let health: HealthReport = { status: 'ok' };

  const call = async (method: string, params: unknown[] = []) =>
    (await (
      await fetch(rpc.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      })
    ).json()) as { result?: unknown; error?: { code: number; message: string } };
  const latest = async () =>
    await engine.call<{ number: Hex; stateRoot: Hex; transactions: Hex[] }>('eth_getBlockByNumber', ['latest', false]);
  /** The next sequenced height: what was submitted so far (plus `extra` first), one second after the last. */
  const nextHeight = (extra: Hex[] = []) => {
    height++;
    return {
      height,
      timestampMs: 1_700_000_000_000 + height * 1000,
      transactions: [...extra, ...submitted.splice(0)],
      headerCommitment: ZERO,
      payloadHash: ZERO,
    };
  };
  const executeHeight = (extra: Hex[] = []) => executor.execute(nextHeight(extra));
  /** The state root an engine no one attacked reaches after the same heights (empty blocks move it: EIP-4788). */
  const honestRoot = async (heights: ReturnType<typeof nextHeight>[]): Promise<Hex> => {
    const reference = await startEngine({ chainId: CHAIN_ID, port: 0 });
    try {
      const honest = new BatchExecutor(new EngineClient(reference.url), CHAIN_ID, log);
      let root: Hex = ZERO;
      for (const input of heights) root = (await honest.execute(input)).stateRoot;
      return root;
    } finally {
      await reference.stop();
    }
  };
  const refusals = async (reason: string) =>
    (await metrics.rpcRefused.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

  beforeEach(async () => {
    engineProcess = await startEngine({ chainId: CHAIN_ID, port: 0 });
    engine = new EngineClient(engineProcess.url);
    metrics = new ZkevmNodeMetrics();
    health = { status: 'ok' };
    pending = new PendingPool();
    submitted = [];
    executor = new BatchExecutor(engine, CHAIN_ID, log, metrics, (outcome) => pending.settle(outcome));
    rpc = await startL2Rpc({
      host: '127.0.0.1',
      port: 0,
      engine,
      sequencer: {
        submit: async (_namespace, payload) => {
          submitted.push(toHex(payload));
          return 'submitted';
        },
      },
      namespace: 1,
      chainId: CHAIN_ID,
      log,
      pending,
      metrics,
      health: () => health,
    });
  });

  afterEach(async () => {
    await rpc.close();
    await engineProcess.stop();
  });

  describe('the operations endpoints on the RPC port', () => {
    it('serves GET /metrics and GET /healthz beside the JSON-RPC, 503 with the reason when the node is not ok', async () => {
      const metricsReply = await fetch(`${rpc.url}/metrics`);
      expect(metricsReply.status).toBe(200);
      expect(metricsReply.headers.get('content-type')).toBe(metrics.registry.contentType);
      expect(await metricsReply.text()).toContain('# TYPE zkevm_node_rpc_refused_total counter');
      health = { status: 'ok', executedHeight: 12 };
      const ok = await fetch(`${rpc.url}/healthz`);
      expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok', executedHeight: 12 }]);
      health = { status: 'failing', reason: 'the engine stopped' };
      const failing = await fetch(`${rpc.url}/healthz?verbose=1`);
      expect([failing.status, await failing.json()]).toEqual([
        503,
        { status: 'failing', reason: 'the engine stopped' },
      ]);
      // Another method on those paths is refused; everything else stays the JSON-RPC's.
      expect((await fetch(`${rpc.url}/metrics`, { method: 'PUT' })).status).toBe(405);
      expect((await fetch(`${rpc.url}/`)).status).toBe(405);
      expect((await call('eth_chainId')).result).toBe(toHex(CHAIN_ID));
    });
  });

  describe('the request envelope, decoded by one schema', () => {
    const post = async (body: string) =>
      (await (
        await fetch(rpc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      ).json()) as unknown;

    it('answers garbage with the JSON-RPC codes, under the id when there is one, and keeps serving', async () => {
      expect(await post('{"id":1,')).toMatchObject({ id: null, error: { code: -32700 } });
      expect(await post(JSON.stringify({ id: 9, params: [] }))).toMatchObject({ id: 9, error: { code: -32600 } });
      expect(await post(JSON.stringify({ id: 8, method: { name: 'eth_chainId' } }))).toMatchObject({
        id: 8,
        error: { code: -32600, message: expect.stringContaining('/method') },
      });
      expect(await post(JSON.stringify([{ id: 1, method: 'eth_chainId' }, [{ id: 2 }], 'x']))).toMatchObject([
        { id: 1, result: toHex(CHAIN_ID) },
        { id: null, error: { code: -32600 } },
        { id: null, error: { code: -32600 } },
      ]);
      for (const params of [[], [1234], [['0x02']], { 0: '0x02' }, Array.from({ length: 10_000 }, () => '0x02')]) {
        expect(await call('eth_sendRawTransaction', params as unknown[])).toMatchObject({ error: { code: -32602 } });
      }
      expect(await call('eth_chainId')).toMatchObject({ result: toHex(CHAIN_ID) });
    });

    it('refuses a body over 1 MB with 413 and a -32600 a client can show, an empty one as a parse error', async () => {
      const huge = JSON.stringify({ id: 1, method: 'eth_sendRawTransaction', params: [`0x${'00'.repeat(600_000)}`] });
      const refused = await fetch(rpc.url, { method: 'POST', body: huge });
      expect([refused.status, refused.headers.get('connection')]).toEqual([413, 'close']);
      expect(await refused.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'invalid request: the request body is larger than 1000000 bytes' },
      });
      expect(await post('')).toMatchObject({ id: null, error: { code: -32700, message: 'parse error' } });
      expect((await fetch(`${rpc.url}/rpc`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect(await call('eth_chainId')).toMatchObject({ result: toHex(CHAIN_ID) });
    });

    it('refuses a batch of more than 1000 requests whole, with one -32600', async () => {
      const batch = Array.from({ length: 20_000 }, (_, id) => ({ id, method: 'eth_chainId' }));
      expect(await post(JSON.stringify(batch))).toEqual([
        {
          jsonrpc: '2.0',
          id: null,
          error: { code: -32600, message: 'batch too large: 20000 requests, more than 1000' },
        },
      ]);
    });
  });

  describe('the attack of issue 17: unsigned transactions into L2 blocks', () => {
    it('refuses every method outside the allow-list with -32601, and the state root stays the honest one', async () => {
      const unsigned = { from: attacker, to: privateKeyToAccount(generatePrivateKey()).address, value: '0x1' };
      for (const [method, params] of [
        ['eth_sendUnsignedTransaction', [unsigned]],
        ['eth_sendTransactionSync', [unsigned]],
        ['eth_sendTransaction', [unsigned]],
        ['anvil_setBalance', [attacker, '0x1']],
        ['anvil_impersonateAccount', [attacker]],
        ['evm_mine', []],
        ['txpool_content', []],
        ['debug_traceTransaction', [ZERO]],
        ['eth_sign', [attacker, '0x00']],
      ] as const) {
        expect(await call(method, [...params])).toMatchObject({ error: { code: -32601 } });
      }
      expect(await refusals('method_not_offered')).toBe(9);
      // Nothing reached the engine's pool; the next sequenced height (empty) leaves the state as it was.
      expect(await engine.call('txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
      const input = nextHeight();
      const done = await executor.execute(input);
      expect(done).toMatchObject({ executed: 0, skipped: 0 });
      expect((await latest()).transactions).toEqual([]);
      expect(done.stateRoot).toBe(await honestRoot([input]));
      // The reads wallets use still pass; eth_accounts names none of the engine's dev keys.
      expect((await call('eth_chainId')).result).toBe(toHex(CHAIN_ID));
      expect((await call('eth_getBalance', [attacker, 'latest'])).result).toBe(toHex(parseWei('10000')));
      expect((await call('eth_accounts')).result).toEqual([]);
      const text = await (await fetch(`${rpc.url}/metrics`)).text();
      expect(text).toContain('zkevm_node_rpc_refused_total{reason="method_not_offered"} 9');
    });

    it('drops what sits in the engine pool before a height: the block holds only sequenced transactions', async () => {
      // As the old RPC let anyone do: an unsigned transfer of 1,000 ETH straight into the engine's pool.
      const thief = privateKeyToAccount(generatePrivateKey()).address;
      await engine.call('eth_sendUnsignedTransaction', [{ from: attacker, to: thief, value: toHex(parseWei('1000')) }]);
      const input = nextHeight();
      const done = await executor.execute(input);
      expect((await latest()).transactions).toEqual([]);
      expect(await engine.call('eth_getBalance', [thief, 'latest'])).toBe('0x0');
      expect(done.stateRoot).toBe(await honestRoot([input]));
      expect(await metrics.unsequencedDropped.get()).toMatchObject({ values: [{ value: 1 }] });
    });

    it.each([
      ['pool', 'anvil_setNextBlockTimestamp'],
      ['block', 'evm_mine'],
    ])('stops with UnsequencedTransactionError when one slips into the %s during a height', async (where, hook) => {
      // An engine that gets a stranger's transaction just before `hook`, as a race with some other writer would.
      class RacedEngine extends EngineClient {
        override async call<T>(method: string, params: readonly unknown[] = []): Promise<T> {
          if (method === hook) await super.call('eth_sendUnsignedTransaction', [{ from: attacker, to: attacker }]);
          return super.call<T>(method, params);
        }
      }
      const raced = new BatchExecutor(new RacedEngine(engineProcess.url), CHAIN_ID, log, metrics);
      const run = raced.execute({
        height: 1,
        timestampMs: Date.now(),
        transactions: [],
        headerCommitment: ZERO,
        payloadHash: ZERO,
      });
      await expect(run).rejects.toThrow(UnsequencedTransactionError);
      await expect(run).rejects.toMatchObject({ details: { where, count: 1 } });
    });
  });

  describe('pending transactions and refusals at send, with ethers v6', () => {
    const providers: JsonRpcProvider[] = [];
    const provider = () => {
      // cacheTimeout -1: ethers otherwise answers an identical call within 250 ms from its cache, so two quick sends
      // take one pending nonce whatever the node says (geth alike); wallets that send in bursts turn it off.
      const made = new JsonRpcProvider(rpc.url, CHAIN_ID, {
        staticNetwork: true,
        pollingInterval: 100,
        cacheTimeout: -1,
      });
      providers.push(made);
      return made;
    };
    afterEach(() => providers.splice(0).forEach((made) => made.destroy()));

    it('gives quick sends from one wallet consecutive nonces and shows them while pending', async () => {
      const wallet = new Wallet(ANVIL_PRIVATE_KEYS[3], provider());
      const to = Wallet.createRandom().address;
      const first = await wallet.sendTransaction({ to, value: ethersParseEther('1') });
      const second = await wallet.sendTransaction({ to, value: ethersParseEther('2') });
      expect([first.nonce, second.nonce]).toEqual([0, 1]);
      // Asked directly: ethers answers a repeated identical call from its own 250 ms cache.
      expect((await call('eth_getTransactionCount', [wallet.address, 'pending'])).result).toBe('0x2');
      expect((await call('eth_getTransactionCount', [wallet.address, 'latest'])).result).toBe('0x0');
      const seen = await wallet.provider!.getTransaction(second.hash);
      expect(seen).toMatchObject({ hash: second.hash, nonce: 1, blockNumber: null, from: wallet.address });
      expect(seen!.value).toBe(ethersParseEther('2'));

      await executeHeight();
      const receipts = await Promise.all([first.wait(), second.wait()]);
      expect(receipts.map((r) => r!.status)).toEqual([1, 1]);
      expect(await wallet.provider!.getBalance(to)).toBe(ethersParseEther('3'));
      expect(pending.size).toBe(0);
      expect((await call('eth_getTransactionCount', [wallet.address, 'pending'])).result).toBe('0x2');
    });

    it('refuses what can never execute with geth codes and messages that ethers recognises', async () => {
      const p = provider();
      const rich = new Wallet(ANVIL_PRIVATE_KEYS[4], p);
      const to = Wallet.createRandom().address;
      const fees = { maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, type: 2, chainId: CHAIN_ID };
      const tx = (over: object) => ({ to, value: 1n, gasLimit: 21_000n, ...fees, ...over });

      // An unfunded key: nothing to pay for gas.
      const poor = Wallet.createRandom().connect(p);
      const unfunded = poor.sendTransaction(tx({ nonce: 0 }));
      await expect(unfunded).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      // More than the balance, once the pending spend of an earlier transaction counts.
      await rich.sendTransaction(tx({ nonce: 0, value: ethersParseEther('9000') }));
      const overdraft = rich.sendTransaction(tx({ nonce: 1, value: ethersParseEther('1000') }));
      await expect(overdraft).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      // Nonce 0 is taken by the pending transaction: no replacement of what the sequencer already has.
      const replace = rich.sendTransaction(tx({ nonce: 0, value: 2n }));
      await expect(replace).rejects.toMatchObject({ code: 'REPLACEMENT_UNDERPRICED' });
      // A gap never fills in sequence order.
      await expect(rich.sendTransaction(tx({ nonce: 5 }))).rejects.toThrow(/nonce too high/);
      await expect(rich.sendTransaction(tx({ nonce: 1, gasLimit: 20_000n }))).rejects.toThrow(
        /intrinsic gas too low: gas 20000, minimum needed 21000/,
      );
      await executeHeight();
      // Once executed, nonce 0 is spent for good.
      await expect(rich.sendTransaction(tx({ nonce: 0 }))).rejects.toMatchObject({ code: 'NONCE_EXPIRED' });
      const raw = await call('eth_sendRawTransaction', [await rich.signTransaction(tx({ nonce: 0 }))]);
      expect(raw.error).toEqual({ code: -32000, message: `nonce too low: address ${rich.address}, tx: 0 state: 1` });
      for (const reason of ['insufficient_funds', 'replacement', 'nonce_too_high', 'intrinsic_gas', 'nonce_too_low']) {
        expect(await refusals(reason)).toBeGreaterThan(0);
      }
      expect(submitted).toEqual([]);
    });

    it("ends a wallet's wait with a status-0 receipt when execution skips its transaction", async () => {
      const key = ANVIL_PRIVATE_KEYS[2];
      const wallet = new Wallet(key, provider());
      const to = Wallet.createRandom().address;
      const sent = await wallet.sendTransaction({ to, value: 7n });
      // Meanwhile the same key's nonce 0 went in through another node and is sequenced first.
      const elsewhere = await wallet.signTransaction({
        to,
        value: 1n,
        nonce: 0,
        gasLimit: 21_000n,
        maxFeePerGas: 2_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
        chainId: CHAIN_ID,
        type: 2,
      });
      const done = await executeHeight([elsewhere as Hex]);
      expect(done).toMatchObject({ executed: 1, skipped: 1 });
      await expect(sent.wait()).rejects.toMatchObject({ code: 'CALL_EXCEPTION' });
      const receipt = await wallet.provider!.getTransactionReceipt(sent.hash);
      expect(receipt).toMatchObject({ status: 0, gasUsed: 0n, blockNumber: Number((await latest()).number) });
      expect((await wallet.provider!.getTransaction(sent.hash))!.blockNumber).toBe(receipt!.blockNumber);
      // The block holds only what ran; the sender's next nonce is 1 again, from the state.
      expect((await latest()).transactions).toHaveLength(1);
      expect((await call('eth_getTransactionCount', [wallet.address, 'pending'])).result).toBe('0x1');
    });
  });
});

function parseWei(ether: string): bigint {
  return BigInt(ether) * 10n ** 18n;
}
