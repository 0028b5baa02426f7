import type { StakeTable } from '@hotshot/protocol';
import type { L1Clients } from '../l1-client/l1-clients';
import { deployContracts } from './deploy-contracts';
import type { Deployment } from './deployment-file';

/** What to deploy for a network. */
export interface DeployNetworkOptions {
  readonly l1: L1Clients;
  /** The sequencer network's chain id (HotShot.sol starts at its genesis). */
  readonly chainId: bigint;
  readonly stakeTable: StakeTable;
  readonly namespace: number;
  /** First HotShot height the rollup sequences; default 1. */
  readonly startHeight?: number;
}

/** Deploys HotShot.sol, a MockVerifier and ZkEvmRollup.sol for a network; returns what a deployment file holds. */
export async function deployNetwork(options: DeployNetworkOptions): Promise<Deployment> {
  const { l1 } = options;
  const deployedAtBlock = Number(await l1.publicClient.getBlockNumber()) + 1;
  const startHeight = options.startHeight ?? 1;
  const contracts = await deployContracts({
    walletClient: l1.walletClient,
    publicClient: l1.publicClient as never,
    chainId: options.chainId,
    stakeTable: options.stakeTable,
    namespace: options.namespace,
    startHeight,
  });
  return {
    l1ChainId: l1.chainId,
    hotShotChainId: options.chainId.toString(),
    ...contracts,
    namespace: options.namespace,
    startHeight,
    stakeTableSize: options.stakeTable.length,
    deployedAtBlock,
    deployer: l1.account.address,
  };
}
