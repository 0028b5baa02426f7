import { signProofOfPossession, toEip2537G1, toEip2537G2, type BlsKeyPair } from '@hotshot/crypto';
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem';
import { toG1PointArg, toG2PointArg } from '../encode/contract-args';
import { DeploymentFailedError } from '../errors';
import { stakeTableAbi, stakeTableBytecode } from '../generated/stake-table';
import { RegistrationFailedError } from './stake-table-errors';

/** A wallet that signs and pays, and a client that waits for receipts. */
export interface StakeTableWriter {
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  readonly publicClient: PublicClient;
}

/** Deploys StakeTable.sol with `minStake` (wei) and an exit escrow of `exitEscrowSeconds`; resolves its address. */
export async function deployStakeTable(
  writer: StakeTableWriter,
  settings: { readonly minStake: bigint; readonly exitEscrowSeconds: number },
): Promise<Address> {
  const { walletClient, publicClient } = writer;
  const hash = await walletClient.deployContract({
    abi: stakeTableAbi,
    bytecode: stakeTableBytecode,
    args: [settings.minStake, settings.exitEscrowSeconds],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new DeploymentFailedError('StakeTable', hash);
  return receipt.contractAddress;
}

/**
 * Registers `key` in StakeTable.sol at `stakeTable` with `stake` wei from the writer's account, signing the proof of
 * possession for that account and the L1's chain id; resolves once the registration is mined. Viem's error (a
 * decoded revert such as StakeBelowMinimum) propagates.
 */
export async function registerValidator(
  writer: StakeTableWriter,
  stakeTable: Address,
  key: BlsKeyPair,
  stake: bigint,
): Promise<void> {
  const { walletClient, publicClient } = writer;
  const account = walletClient.account;
  const chainId = BigInt(await publicClient.getChainId());
  const proof = signProofOfPossession(key, { chainId, stakeTable, account: account.address });
  const hash = await walletClient.writeContract({
    address: stakeTable,
    abi: stakeTableAbi,
    functionName: 'register',
    args: [toG1PointArg(toEip2537G1(key.publicKey)), toG2PointArg(toEip2537G2(proof.signature))],
    value: stake,
    account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new RegistrationFailedError(hash);
}
