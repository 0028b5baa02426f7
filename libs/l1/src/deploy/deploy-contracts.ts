import type { StakeTable } from '@hotshot/protocol';
import {
  getAddress,
  zeroHash,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { toStakeTableArg } from '../encode/contract-args';
import { DeploymentFailedError } from '../errors';
import { hotShotAbi, hotShotBytecode } from '../generated/hot-shot';
import { mockVerifierAbi, mockVerifierBytecode } from '../generated/mock-verifier';
import { zkEvmRollupAbi, zkEvmRollupBytecode } from '../generated/zk-evm-rollup';

/** What `deployContracts` deploys, and with which settings. */
export interface DeployContractsOptions {
  /** Signs and pays for the deployments. */
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Waits for the receipts. */
  readonly publicClient: PublicClient;
  /** The sequencer network's chain id (ConsensusConfig.chainId), not L1's: HotShot.sol starts at its genesis. */
  readonly chainId: bigint;
  /** The stake table certificates are checked against, in signer-bitmap order. */
  readonly stakeTable: StakeTable;
  /** The rollup's namespace. */
  readonly namespace: number;
  /** The first HotShot height the rollup sequences; default 1. */
  readonly startHeight?: number;
  /** The rollup's state root before its first batch; default zero. */
  readonly genesisStateRoot?: Hex;
  /** An existing IVerifier; default a new MockVerifier that accepts every proof (demo only). */
  readonly verifier?: Address;
}

/** The addresses of a deployment. */
export interface DeployedContracts {
  readonly hotShot: Address;
  readonly rollup: Address;
  readonly verifier: Address;
}

/**
 * Deploys HotShot.sol and ZkEvmRollup.sol (and a MockVerifier unless one is given) from the forge artifacts, one
 * transaction after another. Throws DeploymentFailedError when a deployment reverts.
 */
export async function deployContracts(options: DeployContractsOptions): Promise<DeployedContracts> {
  const { walletClient, publicClient } = options;
  const account = walletClient.account;
  const chain = walletClient.chain;
  const deploy = async (name: string, abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> => {
    const hash = await walletClient.deployContract({ abi, bytecode, args, account, chain });
    return deployedAddress(publicClient, name, hash);
  };

  const hotShot = await deploy('HotShot', hotShotAbi, hotShotBytecode, [
    options.chainId,
    toStakeTableArg(options.stakeTable),
  ]);
  const verifier = options.verifier ?? (await deploy('MockVerifier', mockVerifierAbi, mockVerifierBytecode, [true]));
  const rollup = await deploy('ZkEvmRollup', zkEvmRollupAbi, zkEvmRollupBytecode, [
    hotShot,
    verifier,
    options.namespace,
    BigInt(options.startHeight ?? 1),
    options.genesisStateRoot ?? zeroHash,
  ]);
  return { hotShot, rollup, verifier };
}

async function deployedAddress(publicClient: PublicClient, contract: string, hash: Hash): Promise<Address> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new DeploymentFailedError(contract, hash);
  return getAddress(receipt.contractAddress);
}
