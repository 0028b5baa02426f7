import type { Hex } from 'viem';
import { ConfigError, type FlagValues } from '@hotshot/config';
import { DeploymentMismatchError, readDeploymentFile, readPrivateKey, type Deployment } from '@hotshot/l1';
import type { LogLevel } from '@hotshot/telemetry';
import type { zkevmNodeFlags } from './zkevm-node.flags';

type Flags = FlagValues<typeof zkevmNodeFlags>;

/** Everything the rollup node needs to start, resolved once from its flags and the files they name. */
export interface RollupNodeSettings {
  /** 1 derives from full batches on L1, 2 from commitments on L1 plus sequencer data, 3 is integrated. */
  readonly phase: 1 | 2 | 3;
  /** Whether heights run from the sequencer's stream as they are decided (--preconf; phase 3 always). */
  readonly preconf: boolean;
  /** L1 JSON-RPC endpoint the rollup is derived from (and, in phase 3, posted to). */
  readonly l1Url: string;
  /** Phase 3 only: the key of the L1 account that posts commitments and state roots; undefined otherwise. */
  readonly l1Key: Hex | undefined;
  /** The deployment file's contents, its namespace checked against `namespace`. */
  readonly deployment: Deployment;
  /** The rollup's namespace id. */
  readonly namespace: number;
  /** A sequencer node's HTTP API: submissions, phase 2's batch data and the stream. */
  readonly sequencerUrl: string;
  /** The L2 chain id; transactions signed for another chain are skipped. */
  readonly l2ChainId: number;
  /** Port of the anvil engine the node starts; 0 picks a free one. */
  readonly enginePort: number;
  /** Where the L2 JSON-RPC (with /metrics and /healthz) listens. */
  readonly rpc: { readonly host: string; readonly port: number };
  /** Milliseconds between looks at L1 and the sequencer, and between derivation retries. */
  readonly pollIntervalMs: number;
  readonly logLevel: LogLevel;
}

/** The rollup node's phase from its flags: `--integrated` is phase 3; with `--phase 2` it is a ConfigError. */
export function phaseOf(flags: Pick<Flags, 'phase' | 'integrated'>): 1 | 2 | 3 {
  if (flags.integrated && flags.phase === '2') {
    throw new ConfigError('--integrated is phase 3; it cannot be combined with --phase 2', { phase: flags.phase });
  }
  return flags.integrated ? 3 : (Number(flags.phase) as 1 | 2 | 3);
}

/**
 * Resolves the flags in the order a user fixes them: the phase, the deployment file (DeploymentFileError, or
 * DeploymentMismatchError when its namespace is not --namespace), then in phase 3 the L1 key (PrivateKeyError), so
 * a missing key is a usage error before anything starts, not a half-started node.
 */
export function resolveRollupNodeSettings(flags: Flags): RollupNodeSettings {
  const phase = phaseOf(flags);
  const deployment = readDeploymentFile(flags.deployment);
  if (deployment.namespace !== flags.namespace) {
    throw new DeploymentMismatchError('namespace', flags.namespace, deployment.namespace);
  }
  const l1Key =
    phase === 3
      ? readPrivateKey({
          file: flags['l1-key-file'],
          value: flags['l1-key'],
          what: 'the L1 key (--l1-key-file or ZKEVM_L1_KEY)',
        })
      : undefined;
  return {
    phase,
    preconf: phase === 3 || flags.preconf,
    l1Url: flags['l1-url'],
    l1Key,
    deployment,
    namespace: flags.namespace,
    sequencerUrl: flags['sequencer-url'],
    l2ChainId: flags['chain-id'],
    enginePort: flags['engine-port'],
    rpc: { host: flags['rpc-host'], port: flags['rpc-port'] },
    pollIntervalMs: flags['poll-interval-ms'],
    logLevel: flags['log-level'],
  };
}
