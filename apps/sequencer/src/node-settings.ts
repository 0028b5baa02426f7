import path from 'node:path';
import { isAddress } from 'viem';
import { ConfigError, type FlagValues } from '@hotshot/config';
import type { LogLevel } from '@hotshot/telemetry';
import type { BlsKeyPair } from '@hotshot/crypto';
import { loadNodeKey, nodeKeyFlags } from './keys/node-key';
import type { Genesis } from '@hotshot/sequencer-api';
import { readGenesisFile } from './genesis/genesis-check';
import type { L1StakeTableSettings } from './l1/l1-stake-table-check';
import { remoteSignerSettings, type RemoteSignerSettings } from './signing/remote-signer-settings';
import type { sequencerFlags } from './sequencer.flags';

/** Everything a node needs to start, resolved once from flags and files. */
export interface NodeSettings {
  readonly cdnUrl: string;
  readonly dataDir: string;
  /** This node's public key: its own key's, or --remote-signer-key. */
  readonly publicKey: Uint8Array;
  /** The key in this process; undefined with a remote signer, which holds it instead. */
  readonly keyPair: BlsKeyPair | undefined;
  /** The sequencer-signer this node signs through; undefined signs in-process with keyPair. */
  readonly remoteSigner: RemoteSignerSettings | undefined;
  /** The chain this node expects to be welcomed to (--chain-id); undefined takes the broker's. */
  readonly chainId: bigint | undefined;
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
  /** How long a leader holds an empty block back on an idle chain, in ms (ConsensusDriver's emptyBlockIntervalMs). */
  readonly emptyBlockIntervalMs: number;
  /** Warm start: how far behind triggers it, and how many headers it loads (DESIGN.md 6). */
  readonly warmStart: { readonly gap: number; readonly history: number };
  /** What to prune; undefined keeps everything (archive). */
  readonly retention: Retention | undefined;
  /** Dashboard only: where to read the L1 contracts' heights; undefined without --l1-url and --deployment. */
  readonly l1: { readonly url: string; readonly deploymentFile: string } | undefined;
  /**
   * The L1 watcher (issue 18): the endpoint whose finalized block the node follows, its poll interval and how long
   * a proposal naming a later block waits, in ms; undefined without --l1-url (the node then has no L1 view).
   */
  readonly l1Watcher: { readonly url: string; readonly pollIntervalMs: number; readonly graceMs: number } | undefined;
  /**
   * Where the node reads the network's stake table on L1 to check Welcome against (issue 18); undefined without
   * --stake-table (the node then takes the broker's table as given).
   */
  readonly l1StakeTable: L1StakeTableSettings | undefined;
  /** The config and stake table to check Welcome against (--genesis); undefined takes the broker's as given. */
  readonly genesis: { readonly file: string; readonly expected: Genesis } | undefined;
}

/** Bounds of a node's internal parts that no flag sets; one named, documented place instead of numbers at call sites. */
export interface NodeTuning {
  /** Decided transaction hashes the mempool remembers, so a resubmission is answered without the database. */
  readonly mempoolDecidedMemory: number;
  /** Transactions the forwarder batches into one message per leader before it flushes early (else per tick). */
  readonly forwardMaxBatch: number;
  /** How long the payload fetcher waits for a peer's answer before it asks another peer, in ms. */
  readonly payloadRetryMs: number;
  /** Finality signatures are taken for heights at most this far above this node's decided height. */
  readonly finalityHeightsAhead: number;
  /** Decided heights, counting down from the highest, whose finality signatures are still collected. */
  readonly finalityHeightsKept: number;
}

/** The defaults of {@link NodeTuning}. */
export const NODE_TUNING: NodeTuning = {
  mempoolDecidedMemory: 100_000,
  forwardMaxBatch: 1000,
  payloadRetryMs: 2000,
  finalityHeightsAhead: 16,
  finalityHeightsKept: 256,
};

/** How much decided history a node keeps. */
export interface Retention {
  readonly blocks?: number;
  readonly ageMs?: number;
}

/**
 * Resolves the flags: exactly one key source (a keystore with its password, a key file, or a demo seed with an
 * index), or a remote signer that holds the key. Decrypting a keystore runs its KDF here, about a second, before
 * anything else starts.
 */
export function resolveNodeSettings(values: FlagValues<typeof sequencerFlags>): NodeSettings {
  const remoteSigner = remoteSignerSettings(values);
  const keyPair = remoteSigner ? undefined : loadNodeKey(nodeKeyFlags(values));
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
  if (deploymentFile !== undefined && l1Url === undefined) {
    throw new ConfigError('--deployment needs --l1-url, where the dashboard reads the contracts it names');
  }
  return {
    storage,
    retention,
    l1StakeTable: l1StakeTableSettings(values, l1Url),
    genesis:
      values.genesis === undefined ? undefined : { file: values.genesis, expected: readGenesisFile(values.genesis) },
    l1: l1Url !== undefined && deploymentFile !== undefined ? { url: l1Url, deploymentFile } : undefined,
    l1Watcher:
      l1Url === undefined
        ? undefined
        : { url: l1Url, pollIntervalMs: values['l1-poll-interval-ms'], graceMs: values['l1-head-grace-ms'] },
    warmStart: { gap: values['warm-start-gap'], history: values['warm-start-history'] },
    emptyBlockIntervalMs: values['empty-block-interval-ms'],
    cdnUrl: values['cdn-url'],
    dataDir: path.resolve(values['data-dir']),
    publicKey: remoteSigner?.publicKey ?? keyPair!.publicKey,
    keyPair,
    remoteSigner,
    chainId: values['chain-id'],
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

/** The L1 stake table flags, or undefined without --stake-table; throws ConfigError for an incomplete set. */
function l1StakeTableSettings(
  values: FlagValues<typeof sequencerFlags>,
  l1Url: string | undefined,
): L1StakeTableSettings | undefined {
  const address = values['stake-table'];
  const block = values['stake-table-block'];
  if (address === undefined) {
    if (block !== undefined) throw new ConfigError('--stake-table-block needs --stake-table');
    return undefined;
  }
  if (l1Url === undefined) throw new ConfigError('--stake-table needs --l1-url, where StakeTable.sol is read');
  if (!isAddress(address)) throw new ConfigError('--stake-table must be a 20-byte hex address', { value: address });
  return {
    url: l1Url,
    address,
    maxSize: values['stake-table-max-size'],
    ...(block !== undefined && { blockNumber: BigInt(block) }),
  };
}
