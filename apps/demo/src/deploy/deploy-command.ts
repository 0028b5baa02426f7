import { existsSync } from 'node:fs';
import { assertDemoKeysAllowed, warnIfDemoKeys, type FlagValues } from '@hotshot/config';
import { demoKeyPair } from '@hotshot/crypto';
import {
  connectL1,
  deployNetwork,
  errorLogFields,
  readDeploymentFile,
  readPrivateKey,
  writeDeploymentFile,
  type Deployment,
  type L1Clients,
} from '@hotshot/l1';
import { SequencerApiClient, type NetworkConfig } from '@hotshot/sequencer-api';
import { BaseError } from '@hotshot/protocol';
import { sleep, type Logger } from '@hotshot/telemetry';
import type { deployFlags } from './deploy.flags';

/** L1 or the node did not answer within --wait-seconds. */
export class DeployTimeoutError extends BaseError {
  override name = 'DeployTimeoutError';
  constructor(what: string, seconds: number, cause?: unknown) {
    super(`${what} did not answer within ${seconds} s`, { details: { what, seconds }, cause });
  }
}

/** No stake table source was given. */
export class NoStakeTableError extends BaseError {
  override name = 'NoStakeTableError';
  constructor() {
    super('give --sequencer-url (the network serves its stake table) or --key-seed (the demo keys)');
  }
}

/**
 * `hotshot-demo deploy`: deploys HotShot.sol (with the network's stake table), a MockVerifier and ZkEvmRollup.sol
 * to the given L1 and writes the deployment file. Starts nothing. When the file already names contracts that
 * exist on this L1 it keeps them (a container restart must not redeploy) unless --force.
 */
export async function deployCommand(flags: FlagValues<typeof deployFlags>, log: Logger): Promise<void> {
  const deadline = Date.now() + flags['wait-seconds'] * 1000;
  warnIfDemoKeys(log, '--key-seed', flags['key-seed']);
  const key = readPrivateKey({
    file: flags['l1-key-file'],
    value: flags['l1-key'],
    what: 'the deploying key (--l1-key-file or DEPLOY_L1_KEY)',
  });
  const l1 = await retryUntil(deadline, 'L1', flags['wait-seconds'], log, () => connectL1(flags['l1-url'], key));
  assertDemoKeysAllowed('--key-seed', flags['key-seed'], l1.chainId, flags['allow-demo-keys']);
  if (!flags.force && (await existingDeployment(flags.out, l1))) {
    log.info('already deployed: keeping it', { out: flags.out });
    return;
  }
  const network = await networkConfig(flags, deadline, log);
  log.info('deploying', {
    l1ChainId: l1.chainId,
    chainId: network.chainId,
    stakeTableSize: network.stakeTable.length,
    namespace: flags.namespace,
  });
  const deployment = await deployNetwork({
    l1,
    chainId: network.chainId,
    stakeTable: network.stakeTable,
    namespace: flags.namespace,
    startHeight: flags['start-height'],
  });
  writeDeploymentFile(flags.out, deployment);
  log.info('deployed', { out: flags.out, ...deployment });
}

async function networkConfig(
  flags: FlagValues<typeof deployFlags>,
  deadline: number,
  log: Logger,
): Promise<NetworkConfig> {
  const url = flags['sequencer-url'];
  if (url !== undefined) {
    const api = new SequencerApiClient(url);
    return retryUntil(deadline, 'the sequencer node', flags['wait-seconds'], log, async () => {
      const config = await api.networkConfig();
      if (!config) throw new Error('the node has not joined its network yet');
      return config;
    });
  }
  const seed = flags['key-seed'];
  if (seed === undefined) throw new NoStakeTableError();
  // Signer bitmaps index the broker's roster, which is in join order: only a network whose nodes joined in index
  // order matches this table (HotShot.sol has no owner: a later table needs the outgoing quorum's hand-over).
  log.warn('stake table from the demo key seed, in key-index order; it must match the order the nodes joined in', {
    seed,
    nodes: flags.nodes,
  });
  return {
    chainId: BigInt(flags['chain-id']),
    stakeTable: Array.from({ length: flags.nodes }, (_, i) => ({
      publicKey: demoKeyPair(seed, i).publicKey,
      stake: 1n,
    })),
  };
}

/** The deployment at `path` when it names this L1 and its contracts have code there. */
async function existingDeployment(path: string, l1: L1Clients): Promise<Deployment | undefined> {
  if (!existsSync(path)) return undefined;
  const deployment = readDeploymentFile(path);
  if (deployment.l1ChainId !== l1.chainId) return undefined;
  const codes = await Promise.all(
    [deployment.hotShot, deployment.rollup].map((address) => l1.publicClient.getCode({ address })),
  );
  return codes.every((code) => code !== undefined && code !== '0x') ? deployment : undefined;
}

async function retryUntil<T>(
  deadline: number,
  what: string,
  seconds: number,
  log: Logger,
  attempt: () => Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) throw new DeployTimeoutError(what, seconds, error);
      log.info('waiting', { for: what, ...errorLogFields(error) });
      await sleep(1000);
    }
  }
}
