import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { getAddress, isAddress, type Address } from 'viem';
import { DeploymentFileError } from '../errors';

/** What a deploy wrote: where the contracts are and what they were deployed for. */
export interface Deployment {
  /** L1's chain id. */
  readonly l1ChainId: number;
  /** The sequencer network's chain id (HotShot.sol's), a decimal string. */
  readonly hotShotChainId: string;
  readonly hotShot: Address;
  readonly rollup: Address;
  readonly verifier: Address;
  /** The rollup's namespace. */
  readonly namespace: number;
  /** The first HotShot height the rollup sequences. */
  readonly startHeight: number;
  /** Members of the stake table HotShot.sol was deployed with. */
  readonly stakeTableSize: number;
  /** L1 block of the first deployment transaction: event scans start here. */
  readonly deployedAtBlock: number;
  readonly deployer: Address;
}

/** Writes `deployment` as JSON (atomically: a reader never sees half a file). */
export function writeDeploymentFile(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Reads and checks a deployment file; throws DeploymentFileError naming what is wrong. */
export function readDeploymentFile(path: string): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DeploymentFileError(path, missing ? 'does not exist (run the deploy step first)' : 'is not JSON', cause);
  }
  if (typeof json !== 'object' || json === null) throw new DeploymentFileError(path, 'is not a JSON object');
  const record = json as Record<string, unknown>;
  const address = (key: string): Address => {
    const value = record[key];
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
      throw new DeploymentFileError(path, `has no valid address in "${key}"`);
    }
    return getAddress(value);
  };
  const integer = (key: string): number => {
    const value = record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new DeploymentFileError(path, `has no non-negative integer in "${key}"`);
    }
    return value;
  };
  const chainId = record.hotShotChainId;
  if (typeof chainId !== 'string' || !/^\d+$/.test(chainId)) {
    throw new DeploymentFileError(path, 'has no decimal string in "hotShotChainId"');
  }
  return {
    l1ChainId: integer('l1ChainId'),
    hotShotChainId: chainId,
    hotShot: address('hotShot'),
    rollup: address('rollup'),
    verifier: address('verifier'),
    namespace: integer('namespace'),
    startHeight: integer('startHeight'),
    stakeTableSize: integer('stakeTableSize'),
    deployedAtBlock: integer('deployedAtBlock'),
    deployer: address('deployer'),
  };
}
