import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** Pages the node's own connection lets the log grow to before it checkpoints itself (a safety valve). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;
/** How long a stopping worker may take to close its connection before it is terminated. */
const STOP_TIMEOUT_MS = 5000;
/** SQLite's default, restored when the checkpointer stops. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints, in ms. */
  readonly intervalMs: number;
  /** Told when a checkpoint fails for a reason other than a busy database (a full disk, say). */
  readonly onError: (message: string) => void;
}

/** A running checkpointer; stop it before closing the database. */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

// Runs in the worker. better-sqlite3 is synchronous: a checkpoint (copying the log into the database file and two
// fsyncs) blocks whichever thread runs it, so it runs here and not on the node's event loop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 100');
  db.pragma('synchronous = FULL');
} catch (error) {
  parentPort.postMessage('cannot open the database to checkpoint it: ' + String((error && error.message) || error));
  process.exit(1);
}
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (error && error.code === 'SQLITE_BUSY') return;
    parentPort.postMessage(String((error && error.message) || error));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try {
    db.close();
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error));
  }
  parentPort.close();
});
`;

/**
 * Moves SQLite's write-ahead-log checkpoints off the event loop: a worker thread with its own connection to `file`
 * checkpoints every `intervalMs` (PASSIVE: it never waits for or blocks the node's writes), and the node's own
 * connection `db` only checkpoints itself if the log outgrows 64 MB. Durability is unchanged: commits are made
 * durable by their fsync of the log, which still happens on the node's connection.
 */
export function startWalCheckpointer(
  db: Database.Database,
  file: string,
  options: WalCheckpointerOptions,
): WalCheckpointer {
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs: options.intervalMs, driver: require.resolve('better-sqlite3') },
  });
  worker.on('message', (message: string) => options.onError(message));
  worker.on('error', (error: unknown) => options.onError(error instanceof Error ? error.message : String(error)));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        // Referenced again while stopping: an unreferenced worker would let the process end (with exit code 0)
        // in the middle of a shutdown that awaits it.
        worker.ref();
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
        if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      })();
      return stopping;
    },
  };
}
