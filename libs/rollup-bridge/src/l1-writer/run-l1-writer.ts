import type { Registry } from 'prom-client';
import { connectL1WithRetry, readDeploymentFile, readPrivateKey, type Deployment, type L1Clients } from '@hotshot/l1';
import {
  JsonLogger,
  shutdownSignal,
  startOpsServerIfEnabled,
  type HealthReport,
  type LogLevel,
  type Logger,
} from '@hotshot/telemetry';

/** The flags every L1-writing bridge binary (hotshot-poster, zkevm-adaptor) shares, by their flag names. */
export interface L1WriterFlags {
  readonly 'log-level': LogLevel;
  readonly deployment: string;
  readonly 'l1-url': string;
  readonly 'l1-key-file'?: string;
  readonly 'l1-key'?: string;
  readonly 'metrics-host': string;
  readonly 'metrics-port'?: number;
}

/** A service that writes to L1 until its signal aborts. */
export interface L1Writer {
  run(signal: AbortSignal): Promise<void>;
}

/** What differs between the bridge binaries; the start-up around it is `runL1Writer`'s. */
export interface L1WriterSpec<W extends L1Writer> {
  /** The binary's name, the `app` field of every log line. */
  readonly app: string;
  /** Names the key's flag and variable in the error when neither is set, e.g. `--l1-key-file or POSTER_L1_KEY`. */
  readonly keySource: string;
  /** The binary's metrics, served at /metrics. */
  readonly registry: Registry;
  /** Refuses a deployment file that does not fit the flags; runs before anything starts. */
  readonly checkDeployment?: (deployment: Deployment) => void;
  /** /healthz once the writer exists (before that: starting, "connecting to L1"). */
  readonly health: (writer: W) => HealthReport;
  /** Builds the writer once L1 answers; logs that it started. */
  readonly create: (context: { l1: L1Clients; deployment: Deployment; log: Logger }) => W;
  /** Logs that the writer stopped, with where it got to. */
  readonly stopped: (writer: W, log: Logger) => void;
}

/**
 * Starts a bridge binary: reads the deployment and the L1 key, serves /metrics and /healthz before L1 answers (so a
 * supervisor sees why it is not ready yet), connects to L1 with backoff, then runs the writer until SIGINT or
 * SIGTERM, closing the ops server on the way out.
 */
export async function runL1Writer<W extends L1Writer>(flags: L1WriterFlags, spec: L1WriterSpec<W>): Promise<void> {
  const log = new JsonLogger({ level: flags['log-level'] }).child({ app: spec.app });
  const deployment = readDeploymentFile(flags.deployment);
  spec.checkDeployment?.(deployment);
  const key = readPrivateKey({
    file: flags['l1-key-file'],
    value: flags['l1-key'],
    what: `the L1 key (${spec.keySource})`,
  });
  const shutdown = shutdownSignal((signal) => log.info('shutdown requested', { signal }));
  let writer: W | undefined;
  const ops = await startOpsServerIfEnabled({
    host: flags['metrics-host'],
    port: flags['metrics-port'],
    registry: spec.registry,
    health: () => (writer ? spec.health(writer) : { status: 'starting', reason: 'connecting to L1' }),
    log,
  });
  try {
    const l1 = await connectL1WithRetry(flags['l1-url'], key, { log, signal: shutdown.signal });
    if (!l1) return;
    writer = spec.create({ l1, deployment, log });
    await writer.run(shutdown.signal);
  } finally {
    await ops?.close();
    if (writer) spec.stopped(writer, log);
  }
}
