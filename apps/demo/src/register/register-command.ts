import { assertDemoKeysAllowed, warnIfDemoKeys, type FlagValues } from '@hotshot/config';
import { demoKeyPair } from '@hotshot/crypto';
import {
  connectL1WithRetry,
  deployStakeTable,
  readPrivateKey,
  registerValidator,
  validatorStatus,
  type L1Clients,
  type StakeTableWriter,
} from '@hotshot/l1';
import { BaseError } from '@hotshot/protocol';
import { sleep, type Logger } from '@hotshot/telemetry';
import { getAddress, getContractAddress, isAddress, parseEther, type Address } from 'viem';
import { DeployTimeoutError } from '../deploy/deploy-command';
import type { registerFlags } from './register.flags';

/** StakeTable.sol would land (or landed) at another address than --stake-table: the account's nonce is not the one. */
export class StakeTableAddressMismatchError extends BaseError {
  override name = 'StakeTableAddressMismatchError';
  constructor(expected: Address, deployed: Address) {
    super(
      'StakeTable.sol would land at another address than --stake-table: the registering account must deploy it with the nonce that gives that address (a fresh account: its first transaction)',
      { details: { expected, deployed } },
    );
  }
}

/** --stake-table is not an address. */
export class StakeTableAddressError extends BaseError {
  override name = 'StakeTableAddressError';
  constructor(value: string) {
    super('--stake-table must be a 20-byte hex address', { details: { value } });
  }
}

/** The registrations were not finalized on L1 within --wait-seconds (or L1 did not answer). */
export class RegistrationNotFinalizedError extends BaseError {
  override name = 'RegistrationNotFinalizedError';
  constructor(block: bigint, finalized: bigint | undefined, seconds: number) {
    super(`the registrations (L1 block ${block}) were not finalized within ${seconds} s`, {
      details: { block: block.toString(), finalized: finalized?.toString() ?? null },
    });
  }
}

/**
 * `hotshot-demo register`: makes the demo validators members of the network on L1, as any validator joins a
 * permissionless network. Deploys StakeTable.sol at --stake-table when nothing is there yet, registers each of the
 * --nodes demo keys that is not registered (with its proof of possession and --stake-eth), then waits until L1
 * finalizes the last registration, since brokers and nodes read the table at the finalized block. Running it again
 * changes nothing (a container restart must not fail).
 */
export async function registerCommand(flags: FlagValues<typeof registerFlags>, log: Logger): Promise<void> {
  const seconds = flags['wait-seconds'];
  const deadline = Date.now() + seconds * 1000;
  warnIfDemoKeys(log, '--key-seed', flags['key-seed']);
  if (!isAddress(flags['stake-table'])) throw new StakeTableAddressError(flags['stake-table']);
  const stakeTable = getAddress(flags['stake-table']);
  const key = readPrivateKey({
    file: flags['l1-key-file'],
    value: flags['l1-key'],
    what: 'the registering key (--l1-key-file or REGISTER_L1_KEY)',
  });
  const l1 = await connectL1WithRetry(flags['l1-url'], key, { log, signal: AbortSignal.timeout(seconds * 1000) });
  if (!l1) throw new DeployTimeoutError('L1', seconds);
  assertDemoKeysAllowed('--key-seed', flags['key-seed'], l1.chainId, flags['allow-demo-keys']);
  const writer: StakeTableWriter = { walletClient: l1.walletClient, publicClient: l1.publicClient as never };

  if (!(await hasCode(l1, stakeTable))) {
    // Refuse before spending gas when the next deployment cannot land at the announced address.
    const nonce = await l1.publicClient.getTransactionCount({ address: l1.account.address });
    const next = getContractAddress({ from: l1.account.address, nonce: BigInt(nonce) });
    if (next !== stakeTable) throw new StakeTableAddressMismatchError(stakeTable, next);
    const deployed = await deployStakeTable(writer, {
      minStake: parseEther(String(flags['min-stake-eth'])),
      exitEscrowSeconds: flags['exit-escrow-seconds'],
    });
    if (getAddress(deployed) !== stakeTable) throw new StakeTableAddressMismatchError(stakeTable, deployed);
    log.info('deployed StakeTable.sol', { stakeTable, minStakeEth: flags['min-stake-eth'] });
  }

  let lastChange = await l1.publicClient.getBlockNumber();
  for (let index = 0; index < flags.nodes; index++) {
    const validator = demoKeyPair(flags['key-seed'], index);
    const status = await validatorStatus(writer.publicClient, stakeTable, validator.publicKey);
    if (status !== 'none') {
      log.info('already registered', { index, status });
      continue;
    }
    lastChange = await registerValidator(writer, stakeTable, validator, parseEther(String(flags['stake-eth'])));
    log.info('registered', { index, stakeEth: flags['stake-eth'], l1Block: lastChange.toString() });
  }
  await waitUntilFinalized(l1, lastChange, deadline, seconds);
  log.info('registrations finalized', { stakeTable, validators: flags.nodes, l1Block: lastChange.toString() });
}

async function hasCode(l1: L1Clients, address: Address): Promise<boolean> {
  const code = await l1.publicClient.getCode({ address });
  return code !== undefined && code !== '0x';
}

/** Resolves once L1's finalized block reaches `block`; throws RegistrationNotFinalizedError at the deadline. */
async function waitUntilFinalized(l1: L1Clients, block: bigint, deadline: number, seconds: number): Promise<void> {
  let finalized: bigint | undefined;
  for (;;) {
    finalized = (await l1.publicClient.getBlock({ blockTag: 'finalized' }).catch(() => undefined))?.number;
    if (finalized !== undefined && finalized !== null && finalized >= block) return;
    if (Date.now() >= deadline) throw new RegistrationNotFinalizedError(block, finalized ?? undefined, seconds);
    await sleep(500);
  }
}
