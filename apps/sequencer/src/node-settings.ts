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
  /** Fractions in (0, 1] of the mempool one submitter and one namespace may hold. */
  readonly mempoolSubmitterShare: number;
  readonly mempoolNamespaceShare: number;
  /** Bounds of the API's WebSocket block streams. */
  readonly streams: {
    readonly maxConnections: number;
    readonly maxConnectionsPerClient: number;
    readonly maxBufferedBytes: number;
  };
  readonly logLevel: LogLevel;
  /** `sqlite` (a file in dataDir) or a PostgreSQL URL. */
  readonly storage: 'sqlite' | { readonly postgresUrl: string };
  /** Warm start: how far behind triggers it, and how many headers it loads (DESIGN.md 6). */
  readonly warmStart: { readonly gap: number; readonly history: number };
  /** What to prune; undefined keeps everything (archive). */
  readonly retention: Retention | undefined;
  /** Dashboard only: where to read the L1 contracts' heights; undefined without --l1-url and --deployment. */
  readonly l1: { readonly url: string; readonly deploymentFile: string } | undefined;
}

/** How much decided history a node keeps. */
export interface Retention {
  readonly blocks?: number;
  readonly ageMs?: number;
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
  const storageFlag = values.storage;
  let storage: NodeSettings['storage'];
  if (storageFlag === 'sqlite') storage = 'sqlite';
  else if (/^postgres(ql)?:\/\//.test(storageFlag)) storage = { postgresUrl: storageFlag };
  else
    throw new ConfigError('--storage must be sqlite or a postgres:// URL', {
      value: storageFlag.replace(/:[^:@/]*@/, ':***@'),
    });
  const blocks = values['retention-blocks'];
  const ageSeconds = values['retention-age'];
  if (values.archive && (blocks !== undefined || ageSeconds !== undefined)) {
    throw new ConfigError('--archive keeps everything: drop --retention-blocks and --retention-age');
  }
  const retention =
    blocks === undefined && ageSeconds === undefined
      ? undefined
      : { ...(blocks !== undefined && { blocks }), ...(ageSeconds !== undefined && { ageMs: ageSeconds * 1000 }) };
  const l1Url = values['l1-url'];
  const deploymentFile = values.deployment;
  if ((l1Url === undefined) !== (deploymentFile === undefined)) {
    throw new ConfigError('--l1-url and --deployment go together: give both, or neither');
  }
  return {
    storage,
    retention,
    l1: l1Url !== undefined && deploymentFile !== undefined ? { url: l1Url, deploymentFile } : undefined,
    warmStart: { gap: values['warm-start-gap'], history: values['warm-start-history'] },
    cdnUrl: values['cdn-url'],
    dataDir: path.resolve(values['data-dir']),
    keyPair,
    apiHost: values['api-host'],
    apiPort: values['api-port'],
    metricsPort: values['metrics-port'],
    mempoolMaxTxs: values['mempool-max-txs'],
    mempoolMaxBytes: values['mempool-max-bytes'],
    mempoolSubmitterShare: values['mempool-submitter-share'] / 100,
    mempoolNamespaceShare: values['mempool-namespace-share'] / 100,
    streams: {
      maxConnections: values['api-max-streams'],
      maxConnectionsPerClient: values['api-max-streams-per-client'],
      maxBufferedBytes: values['api-stream-buffer-bytes'],
    },
    logLevel: values['log-level'],
  };
}
