import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ANVIL_PRIVATE_KEYS,
  hotShotAbi,
  readDeploymentFile,
  startAnvil,
  zkEvmRollupAbi,
  type AnvilProcess,
  type Deployment,
} from '@hotshot/l1';
import { createPublicClient, http, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { ChainLedger } from './chain-ledger';
import { freePort } from '../../support/free-port';
import { distDir, type FaultNetwork } from './fault-network';
import type { ManagedProcess } from './managed-process';

/** L1 accounts: one per writer, so their nonces never collide (anvil's well-known keys). */
const KEYS = { deploy: ANVIL_PRIVATE_KEYS[0], poster: ANVIL_PRIVATE_KEYS[1], adaptor: ANVIL_PRIVATE_KEYS[2] };

/** Options of the L1 side of a fault run. */
export interface L1StackOptions {
  readonly mode: 'basic' | 'offchain-da';
  readonly namespace: number;
  /** The node whose API the poster reads, and the one the adaptor follows. */
  readonly posterNode: number;
  readonly adaptorNode: number;
  /** Seconds between L1 blocks, so transactions stay pending long enough to kill their sender. */
  readonly l1BlockTime: number;
  /**
   * Also run a zkevm-node deriving the rollup from L1 (phase I for `basic`, II for `offchain-da`) with its L2
   * JSON-RPC, which the unsigned-l2 fault attacks.
   */
  readonly rollupNode?: boolean;
}

/** What the L1 audit found. */
export interface L1Audit {
  readonly facts: Record<string, unknown>;
  readonly violations: string[];
}

/**
 * The L1 half of the system under faults: anvil, the contracts deployed by `hotshot-demo deploy` with the
 * network's stake table, `hotshot-poster` and `zkevm-adaptor` as managed processes of the fault network (so a
 * crash of either is recorded like a node's). The audit reads HotShot.sol's and the rollup's events and storage.
 */
export class L1Stack {
  private constructor(
    private readonly net: FaultNetwork,
    private readonly options: L1StackOptions,
    readonly anvil: AnvilProcess,
    readonly deployment: Deployment,
    readonly l1: PublicClient,
    readonly poster: ManagedProcess,
    readonly adaptor: ManagedProcess,
    /** The zkevm-node and its L2 JSON-RPC URL, when the options asked for one. */
    readonly rollupNode: { readonly process: ManagedProcess; readonly rpcUrl: string } | undefined,
  ) {}

  /** Starts anvil, deploys with the stake table node `posterNode` serves, and starts the poster and the adaptor. */
  static async start(net: FaultNetwork, options: L1StackOptions): Promise<L1Stack> {
    const main = (app: string) => {
      const file = path.join(distDir(), 'apps', app, 'src', 'main.js');
      if (!existsSync(file)) throw new Error(`${file} is missing: build first`);
      return file;
    };
    const anvil = await startAnvil({ blockTime: options.l1BlockTime });
    const out = path.join(net.dir, 'deployment.json');
    const deploy = net.auxiliary(
      'deploy',
      [main('demo'), 'deploy', '--l1-url', anvil.url, '--sequencer-url', net.api(options.posterNode).baseUrl].concat([
        '--namespace',
        String(options.namespace),
        '--out',
        out,
        '--wait-seconds',
        '60',
      ]),
      { DEPLOY_L1_KEY: KEYS.deploy },
    );
    deploy.start();
    const code = await deploy.whenExited();
    if (code !== 0) {
      await anvil.stop();
      throw new Error(`deploy exited with ${code}; see ${deploy.spec.logFile}`);
    }
    const deployment = readDeploymentFile(out);
    const common = ['--l1-url', anvil.url, '--deployment', out, '--poll-interval-ms', '300'];
    const poster = net.auxiliary(
      'poster',
      [main('hotshot-poster'), '--sequencer-url', net.api(options.posterNode).baseUrl, ...common],
      { POSTER_L1_KEY: KEYS.poster },
    );
    const adaptor = net.auxiliary(
      'adaptor',
      [main('zkevm-adaptor'), '--sequencer-url', net.api(options.adaptorNode).baseUrl, ...common].concat([
        '--mode',
        options.mode,
        '--namespace',
        String(options.namespace),
      ]),
      { ADAPTOR_L1_KEY: KEYS.adaptor },
    );
    poster.start();
    adaptor.start();
    let rollupNode: { process: ManagedProcess; rpcUrl: string } | undefined;
    if (options.rollupNode) {
      const rpcPort = await freePort();
      const node = net.auxiliary(
        'zkevm-node',
        [main('zkevm-node'), '--sequencer-url', net.api(options.adaptorNode).baseUrl, ...common].concat([
          '--phase',
          options.mode === 'basic' ? '1' : '2',
          '--namespace',
          String(options.namespace),
          '--rpc-port',
          String(rpcPort),
        ]),
      );
      node.start();
      rollupNode = { process: node, rpcUrl: `http://127.0.0.1:${rpcPort}` };
      await waitForRpc(rollupNode.rpcUrl, node, 120_000);
    }
    const l1 = createPublicClient({ transport: http(anvil.url), pollingInterval: 200 }) as PublicClient;
    return new L1Stack(net, options, anvil, deployment, l1, poster, adaptor, rollupNode);
  }

  /** The last height HotShot.sol stores (its blockHeight) and the last the rollup sequenced. */
  async heights(): Promise<{ hotShot: number; rollup: number }> {
    const [hotShot, rollup] = await Promise.all([
      this.l1.readContract({ address: this.deployment.hotShot, abi: hotShotAbi, functionName: 'blockHeight' }),
      this.l1.readContract({ address: this.deployment.rollup, abi: zkEvmRollupAbi, functionName: 'sequencedHeight' }),
    ]);
    return { hotShot: Number(hotShot), rollup: Number(rollup) };
  }

  /**
   * Checks L1 after the run: HotShot.sol's NewBlocks and the rollup's sequencing events cover contiguous height
   * ranges (no height twice, none skipped), every header commitment HotShot.sol stores is the one the network
   * decided at that height, and both L1 heights reached the network's height (less `lag`).
   */
  async audit(ledger: ChainLedger, networkHeight: number, lag: number): Promise<L1Audit> {
    const violations: string[] = [];
    const fromBlock = BigInt(this.deployment.deployedAtBlock);
    const newBlocks = await this.l1.getContractEvents({
      address: this.deployment.hotShot,
      abi: hotShotAbi,
      eventName: 'NewBlocks',
      fromBlock,
    });
    const sequenced = await this.l1.getContractEvents({
      address: this.deployment.rollup,
      abi: zkEvmRollupAbi,
      eventName: this.options.mode === 'basic' ? 'BatchesSequenced' : 'BatchCommitmentsSequenced',
      fromBlock,
    });
    const ranges = (logs: readonly { args: unknown }[]) =>
      logs.map((log) => {
        const args = log.args as { firstHeight?: bigint; lastHeight?: bigint; fromHeight?: bigint; toHeight?: bigint };
        return { from: Number(args.firstHeight ?? args.fromHeight), to: Number(args.lastHeight ?? args.toHeight) };
      });
    const hotShotTop = checkContiguous('HotShot.sol NewBlocks', ranges(newBlocks), 1, violations);
    const rollupTop = checkContiguous('rollup sequencing', ranges(sequenced), this.deployment.startHeight, violations);
    const { mismatches, compared } = await this.compareCommitments(ledger, hotShotTop);
    for (const m of mismatches.slice(0, 5)) {
      violations.push(`HotShot.sol holds ${m.onL1} at height ${m.height}, the network decided ${m.decided}`);
    }
    const heights = await this.heights();
    if (heights.hotShot < networkHeight - lag) {
      violations.push(`HotShot.sol is at ${heights.hotShot}, far behind the network's ${networkHeight}`);
    }
    if (heights.rollup < networkHeight - lag) {
      violations.push(`the rollup is at ${heights.rollup}, far behind the network's ${networkHeight}`);
    }
    const reverted = {
      poster: await this.revertedFrom(KEYS.poster),
      adaptor: await this.revertedFrom(KEYS.adaptor),
    };
    return {
      facts: {
        heights,
        networkHeight,
        newBlocksCalls: newBlocks.length,
        sequencingCalls: sequenced.length,
        hotShotTop,
        rollupTop,
        commitmentsCompared: compared,
        reverted,
      },
      violations,
    };
  }

  private async compareCommitments(ledger: ChainLedger, top: number) {
    const mismatches: { height: number; onL1: string; decided: string }[] = [];
    let compared = 0;
    for (let height = 1; height <= top; height++) {
      const decided = ledger.commitmentAt(height);
      if (decided === undefined) continue;
      const onL1 = await this.l1.readContract({
        address: this.deployment.hotShot,
        abi: hotShotAbi,
        functionName: 'commitments',
        args: [BigInt(height)],
      });
      compared++;
      if (decided.toLowerCase() !== onL1.toLowerCase()) mismatches.push({ height, onL1, decided });
    }
    return { mismatches, compared };
  }

  /** Transactions of `key`'s account that reverted (a poster or adaptor racing itself after a restart). */
  private async revertedFrom(key: `0x${string}`): Promise<number> {
    const address = privateKeyToAccount(key).address.toLowerCase();
    const latest = await this.l1.getBlockNumber();
    let reverted = 0;
    for (let number = BigInt(this.deployment.deployedAtBlock); number <= latest; number++) {
      const block = await this.l1.getBlock({ blockNumber: number, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() !== address) continue;
        const receipt = await this.l1.getTransactionReceipt({ hash: tx.hash });
        if (receipt.status !== 'success') reverted++;
      }
    }
    return reverted;
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.poster.stop('SIGTERM'),
      this.adaptor.stop('SIGTERM'),
      this.rollupNode?.process.stop('SIGTERM'),
    ]);
    await this.anvil.stop();
  }
}

/** Waits until the L2 JSON-RPC at `url` answers eth_chainId (the node started its engine), or throws. */
async function waitForRpc(url: string, node: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!node.running) throw new Error(`zkevm-node exited while starting; see ${node.spec.logFile}`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok && ((await res.json()) as { result?: unknown }).result !== undefined) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`zkevm-node's L2 JSON-RPC at ${url} did not answer within ${timeoutMs} ms`);
}

/** Checks `ranges` continue one another from `first`; records gaps and overlaps; returns the last height. */
function checkContiguous(
  what: string,
  ranges: readonly { from: number; to: number }[],
  first: number,
  violations: string[],
): number {
  let next = first;
  for (const range of ranges) {
    if (range.from < next)
      violations.push(`${what}: heights ${range.from}..${Math.min(range.to, next - 1)} posted twice`);
    else if (range.from > next) violations.push(`${what}: heights ${next}..${range.from - 1} skipped`);
    if (range.to < range.from) violations.push(`${what}: an empty range ${range.from}..${range.to}`);
    next = Math.max(next, range.to + 1);
  }
  return next - 1;
}
