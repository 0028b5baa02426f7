import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { AddressJson, DecimalStringJson, jsonSchema } from '@hotshot/protocol';
import { getAddress } from 'viem';
import { DeploymentFileError } from '../errors';

/** A non-negative integer that fits a double exactly. */
const count = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

/** The deployment file: what a deploy wrote, where the contracts are and what they were deployed for. */
const DeploymentJson = Type.Object({
  l1ChainId: count("L1's chain id."),
  hotShotChainId: DecimalStringJson({
    description: "The sequencer network's chain id (HotShot.sol's), a decimal string.",
  }),
  hotShot: AddressJson,
  rollup: AddressJson,
  verifier: AddressJson,
  namespace: count("The rollup's namespace."),
  startHeight: count('The first HotShot height the rollup sequences.'),
  stakeTableSize: count('Members of the stake table HotShot.sol was deployed with.'),
  deployedAtBlock: count('L1 block of the first deployment transaction: event scans start here.'),
  deployer: AddressJson,
});
const deploymentFile = jsonSchema(DeploymentJson);

/** What a deploy wrote: where the contracts are and what they were deployed for (DeploymentJson's fields). */
export type Deployment = Readonly<Static<typeof DeploymentJson>>;

/** Writes `deployment` as JSON (atomically: a reader never sees half a file). */
export function writeDeploymentFile(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Reads and checks a deployment file; throws DeploymentFileError naming the first field that is wrong. */
export function readDeploymentFile(path: string): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DeploymentFileError(path, missing ? 'does not exist (run the deploy step first)' : 'is not JSON', cause);
  }
  const result = deploymentFile.check(json);
  if (!result.ok) {
    const field = result.issues[0]?.path.split('/')[1];
    const what = field === undefined || field === '' ? 'is not a deployment' : `has no valid "${field}"`;
    throw new DeploymentFileError(path, `${what}: ${result.message}`);
  }
  const file = result.value;
  return {
    l1ChainId: file.l1ChainId,
    hotShotChainId: file.hotShotChainId,
    hotShot: getAddress(file.hotShot),
    rollup: getAddress(file.rollup),
    verifier: getAddress(file.verifier),
    namespace: file.namespace,
    startHeight: file.startHeight,
    stakeTableSize: file.stakeTableSize,
    deployedAtBlock: file.deployedAtBlock,
    deployer: getAddress(file.deployer),
  };
}
