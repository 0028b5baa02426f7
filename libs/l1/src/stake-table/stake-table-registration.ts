import { signProofOfPossession, toEip2537G1, toEip2537G2, type BlsKeyPair } from '@hotshot/crypto';
import {
  keccak256,
  type Account,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
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
 * possession for that account and the L1's chain id; resolves to the L1 block the registration was mined in. Viem's
 * error (a decoded revert such as StakeBelowMinimum) propagates.
 */
export async function registerValidator(
  writer: StakeTableWriter,
  stakeTable: Address,
  key: BlsKeyPair,
  stake: bigint,
): Promise<bigint> {
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
  return receipt.blockNumber;
}

/** Where a key is in StakeTable.sol's life cycle (IStakeTable.Status), at the L1's latest block. */
export type ValidatorStatus = 'none' | 'active' | 'exiting' | 'withdrawn';
const STATUSES: readonly ValidatorStatus[] = ['none', 'active', 'exiting', 'withdrawn'];

/** The status of `publicKey` (compressed G1) in StakeTable.sol at `stakeTable`, at the latest block. */
export async function validatorStatus(
  publicClient: PublicClient,
  stakeTable: Address,
  publicKey: Uint8Array,
): Promise<ValidatorStatus> {
  const record = await publicClient.readContract({
    address: stakeTable,
    abi: stakeTableAbi,
    functionName: 'validator',
    args: [keccak256(toEip2537G1(publicKey))],
  });
  return STATUSES[record.status] ?? 'none';
}
