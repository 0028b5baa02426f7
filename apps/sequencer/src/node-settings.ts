import path from 'node:path';
import { ConfigError, type FlagValues } from '@hotshot/config';
import { demoKeyPair, readKeyFile, type BlsKeyPair } from '@hotshot/crypto';
import type { LogLevel } from '@hotshot/telemetry';
import type { sequencerFlags } from './sequencer.flags';

/** Everything a node needs to start, resolved once from flags and files. */
export interface NodeSettings {
  readonly cdnUrl: string;
  readonly dataDir: string;
  readonly keyPair: BlsKeyPair;
  readonly apiHost: string;
  readonly apiPort: number;
  readonly metricsPort: number | undefined;
  readonly mempoolMaxTxs: number;
  readonly mempoolMaxBytes: number;
  readonly logLevel: LogLevel;
}

/** Resolves the flags: exactly one key source (a key file, or a demo seed with an index). */
export function resolveNodeSettings(values: FlagValues<typeof sequencerFlags>): NodeSettings {
  const keyFile = values['key-file'];
  const seed = values['key-seed'];
  const index = values['key-index'];
  let keyPair: BlsKeyPair;
  if (keyFile !== undefined) {
    if (seed !== undefined || index !== undefined) {
      throw new ConfigError('give either --key-file or --key-seed with --key-index, not both');
    }
    keyPair = readKeyFile(keyFile);
  } else if (seed !== undefined && index !== undefined) {
    keyPair = demoKeyPair(seed, index);
  } else {
    throw new ConfigError('a key is required: --key-file, or --key-seed with --key-index for demos');
  }
  return {
    cdnUrl: values['cdn-url'],
    dataDir: path.resolve(values['data-dir']),
    keyPair,
    apiHost: values['api-host'],
    apiPort: values['api-port'],
    metricsPort: values['metrics-port'],
    mempoolMaxTxs: values['mempool-max-txs'],
    mempoolMaxBytes: values['mempool-max-bytes'],
    logLevel: values['log-level'],
  };
}
