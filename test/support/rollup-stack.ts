import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  createPublicClient,
  hexToBytes,
  http,
  parseGwei,
  zeroHash,
  type Address,
  type Hash,
  type PublicClient,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  ANVIL_PRIVATE_KEYS,
  hotShotAbi,
  readDeploymentFile,
  startAnvil,
  zkEvmRollupAbi,
  type AnvilProcess,
  type Deployment,
} from '@hotshot/l1';
import { readLogFile } from './log-file';
import { DIST_DIR, TestNetwork, type NetworkOptions } from './network-harness';
import { waitForProgress } from './wait-for-progress';

const main = (app: string) => path.join(DIST_DIR, 'apps', app, 'src', 'main.js');

/** L1 accounts: one per writer, so their nonces never collide (anvil's well-known keys). */
export const STACK_KEYS = {
  deploy: ANVIL_PRIVATE_KEYS[0],
  poster: ANVIL_PRIVATE_KEYS[1],
  adaptor: ANVIL_PRIVATE_KEYS[2],
};

/** Options of a rollup stack. */
export interface RollupStackOptions extends NetworkOptions {
  readonly mode: 'basic' | 'offchain-da';
  readonly namespace: number;
  /** The node the poster reads (default 0) and the one the adaptor follows (default 1). */
  readonly posterNode?: number;
  readonly adaptorNode?: number;
  /** Seconds between L1 blocks; default none (anvil mines each transaction at once). */
  readonly l1BlockTime?: number;
  /** Extra flags of the poster. */
  readonly posterArgs?: readonly string[];
  /** Whether to run the zkevm-adaptor process (default true; phase III's rollup node posts itself). */
  readonly adaptor?: boolean;
}

/**
 * The whole system as real processes: a TestNetwork (cdn-server and N sequencers from dist/), an anvil L1, the
 * contracts deployed by `hotshot-demo deploy` with the network's stake table, `hotshot-poster` and `zkevm-adaptor`.
 */
export class RollupStack {
  readonly net: TestNetwork;
  anvil!: AnvilProcess;
  deployment!: Deployment;
  l1!: PublicClient;

  constructor(readonly options: RollupStackOptions) {
    this.net = new TestNetwork(options);
  }

  /** Starts everything and waits until the network decides; deploys; starts the poster and the adaptor. */
  async start(): Promise<void> {
    const [anvil] = await Promise.all([startAnvil({ blockTime: this.options.l1BlockTime }), this.net.start()]);
    this.anvil = anvil;
    this.l1 = createPublicClient({ transport: http(anvil.url), pollingInterval: 200 }) as PublicClient;
    await this.net.waitForHeight(1, [0]);
    await this.deploy();
    this.startPoster();
    if (this.options.adaptor ?? true) this.startAdaptor();
  }

  /** Runs the deploy step as its own process, reading the stake table from node 0. */
  async deploy(): Promise<void> {
    const out = path.join(this.net.dir, 'deployment.json');
    const args = ['deploy', '--l1-url', this.anvil.url, '--sequencer-url', this.net.api(0)];
    args.push('--namespace', String(this.options.namespace), '--out', out, '--wait-seconds', '300');
    const child = spawn(process.execPath, [main('demo'), ...args], {
      env: { ...process.env, DEPLOY_L1_KEY: STACK_KEYS.deploy },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`deploy exited with ${code}:\n${output}`);
    this.deployment = readDeploymentFile(out);
  }

  startPoster(): void {
    const args = ['--sequencer-url', this.net.api(this.options.posterNode ?? 0), '--l1-url', this.anvil.url];
    args.push('--deployment', path.join(this.net.dir, 'deployment.json'), '--poll-interval-ms', '300');
    args.push(...(this.options.posterArgs ?? []));
    this.net.startService('poster', main('hotshot-poster'), args, { POSTER_L1_KEY: STACK_KEYS.poster });
  }

  startAdaptor(): void {
    const args = ['--mode', this.options.mode, '--namespace', String(this.options.namespace)];
    args.push('--sequencer-url', this.net.api(this.options.adaptorNode ?? 1), '--l1-url', this.anvil.url);
    args.push('--deployment', path.join(this.net.dir, 'deployment.json'), '--poll-interval-ms', '300');
    this.net.startService('adaptor', main('zkevm-adaptor'), args, { ADAPTOR_L1_KEY: STACK_KEYS.adaptor });
  }

  /** HotShot.sol's blockHeight. */
  async hotShotHeight(): Promise<number> {
    return Number(
      await this.l1.readContract({ address: this.deployment.hotShot, abi: hotShotAbi, functionName: 'blockHeight' }),
    );
  }

  /**
   * The rollup's verified height and the state root L1 verified for it, from its last BatchesVerified event (before
   * any: the height before the rollup's start and a zero root). The event carries both, so no verification can fall
   * between two reads: two reads pinned to one L1 block once gave the initial pair under load in zkevm-node-phase3
   * (issue 24).
   */
  async rollupVerified(): Promise<{ height: number; stateRoot: Hash }> {
    const events = await this.l1.getContractEvents({
      address: this.deployment.rollup,
      abi: zkEvmRollupAbi,
      eventName: 'BatchesVerified',
      fromBlock: BigInt(this.deployment.deployedAtBlock),
    });
    const last = events.at(-1)?.args;
    if (last?.upToHeight === undefined || last.stateRoot === undefined) {
      return { height: this.deployment.startHeight - 1, stateRoot: zeroHash };
    }
    return { height: Number(last.upToHeight), stateRoot: last.stateRoot };
  }

  /** The rollup's sequencedHeight. */
  async rollupHeight(): Promise<number> {
    return Number(
      await this.l1.readContract({
        address: this.deployment.rollup,
        abi: zkEvmRollupAbi,
        functionName: 'sequencedHeight',
      }),
    );
  }

  /**
   * Waits until `check` resolves true, polling. With `progress`, keeps waiting while what it reads changes (fails
   * after `stallMs` without a change, default 120 000 ms); without, waits up to `capMs` (default 300 000 ms). The
   * error names `what` and the log folder.
   */
  async waitUntil(
    what: string,
    check: () => Promise<boolean>,
    options: { readonly progress?: () => Promise<unknown>; readonly stallMs?: number; readonly capMs?: number } = {},
  ): Promise<void> {
    const capMs = options.capMs ?? (options.progress ? 600_000 : 300_000);
    await waitForProgress({
      what,
      observe: async () => ({
        ok: await check(),
        progress: options.progress ? await options.progress().catch((e: Error) => e.message) : undefined,
      }),
      done: (state) => state.ok,
      progress: (state) => state.progress,
      stallMs: options.progress ? (options.stallMs ?? 120_000) : capMs,
      capMs,
      intervalMs: 300,
      context: () => `logs in ${this.net.dir}`,
    });
  }

  /** Waits until `read` reaches `target`, for as long as its value keeps changing (see waitUntil). */
  async waitForAtLeast(what: string, read: () => Promise<number>, target: number, stallMs = 120_000): Promise<void> {
    await waitForProgress({
      what: `${what} (needs ${target})`,
      observe: read,
      done: (value) => value >= target,
      stallMs,
      intervalMs: 300,
      context: () => `logs in ${this.net.dir}`,
    });
  }

  /** The decided height of a transaction, once node `index` has it; waits while node `index` keeps deciding. */
  async decidedHeight(hash: string, index = 0): Promise<number> {
    let height = -1;
    await this.waitUntil(
      `transaction ${hash} to be decided on node ${index}`,
      async () => {
        const { status, body } = await this.net.get<{ height: number }>(
          index,
          `/v0/availability/transaction/hash/${hash}`,
        );
        if (status === 200) height = body.height;
        return status === 200;
      },
      { progress: () => this.net.blockHeight(index) },
    );
    return height;
  }

  /** Hashes of the mined transactions that emitted `eventName` logs, with each log's range, in L1 order. */
  async rangeEvents(
    contract: 'hotShot' | 'rollup',
    eventName: 'NewBlocks' | 'BatchesSequenced' | 'BatchCommitmentsSequenced',
  ): Promise<{ from: number; to: number; transactionHash: Hash }[]> {
    const logs =
      contract === 'hotShot'
        ? await this.l1.getContractEvents({
            address: this.deployment.hotShot,
            abi: hotShotAbi,
            eventName: 'NewBlocks',
            fromBlock: BigInt(this.deployment.deployedAtBlock),
          })
        : await this.l1.getContractEvents({
            address: this.deployment.rollup,
            abi: zkEvmRollupAbi,
            eventName: eventName as 'BatchesSequenced',
            fromBlock: BigInt(this.deployment.deployedAtBlock),
          });
    return logs.map((log) => {
      const args = log.args as { firstHeight?: bigint; lastHeight?: bigint; fromHeight?: bigint; toHeight?: bigint };
      return {
        from: Number(args.firstHeight ?? args.fromHeight),
        to: Number(args.lastHeight ?? args.toHeight),
        transactionHash: log.transactionHash!,
      };
    });
  }

  /** Transactions of the poster's and the adaptor's accounts (or of one of them) sent but not yet mined. */
  async pendingTransactions(of: readonly ('poster' | 'adaptor')[] = ['poster', 'adaptor']): Promise<number> {
    let pending = 0;
    for (const name of of) {
      const address = privateKeyToAccount(STACK_KEYS[name]).address;
      const [mined, all] = await Promise.all([
        this.l1.getTransactionCount({ address, blockTag: 'latest' }),
        this.l1.getTransactionCount({ address, blockTag: 'pending' }),
      ]);
      pending += all - mined;
    }
    return pending;
  }

  /**
   * Stops anvil mining (`true`) or restarts it at the stack's block time (`false`): a test that needs a transaction
   * to stay pending while it kills its sender holds the L1 still instead of racing the next block.
   */
  async holdL1Mining(hold: boolean): Promise<void> {
    const blockTime = this.options.l1BlockTime;
    if (!hold && blockTime === undefined) {
      await this.l1.request({ method: 'evm_setAutomine', params: [true] } as never);
    } else {
      await this.l1.request({ method: 'evm_setIntervalMining', params: [hold ? 0 : blockTime] } as never);
    }
  }

  /** Every transaction `from` sent to L1 since the deployment, with its receipt status. */
  async transactionsFrom(from: Address): Promise<{ hash: Hash; status: 'success' | 'reverted' }[]> {
    const latest = await this.l1.getBlockNumber();
    const found: { hash: Hash; status: 'success' | 'reverted' }[] = [];
    for (let number = BigInt(this.deployment.deployedAtBlock); number <= latest; number++) {
      const block = await this.l1.getBlock({ blockNumber: number, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() !== from.toLowerCase()) continue;
        const receipt = await this.l1.getTransactionReceipt({ hash: tx.hash });
        found.push({ hash: tx.hash, status: receipt.status });
      }
    }
    return found;
  }

  /** The log lines of a service, parsed. */
  logLines(name: string): Record<string, unknown>[] {
    return readLogFile(this.net.serviceLog(name));
  }

  async stop(keep = false): Promise<void> {
    await this.net.stop(keep);
    await this.anvil?.stop();
  }
}

/** Signed EIP-1559 transactions of the test rollup (chain 1001) from a fresh account. */
export function rollupTransactions(): () => Promise<Uint8Array> {
  const account = privateKeyToAccount(generatePrivateKey());
  let nonce = 0;
  return async () =>
    hexToBytes(
      await account.signTransaction({
        type: 'eip1559',
        chainId: 1001,
        nonce: nonce++,
        to: privateKeyToAccount(generatePrivateKey()).address,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas: parseGwei('2'),
        maxPriorityFeePerGas: parseGwei('1'),
      }),
    );
}
