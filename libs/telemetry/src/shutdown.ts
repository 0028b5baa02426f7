/** How a long-running binary learns that it should stop. */
export interface ShutdownSignal {
  /** Aborts on the first SIGINT or SIGTERM, with the signal's name as its reason: pass it to every loop. */
  readonly signal: AbortSignal;
  /** Resolves with the name of that first signal. */
  readonly received: Promise<NodeJS.Signals>;
}

/**
 * The one shutdown path of every long-running binary: listens once for SIGINT and once for SIGTERM. The first aborts
 * `signal` and resolves `received`, after `onSignal` (to log the request); the other signal is absorbed while the
 * binary closes, and the same one a second time takes Node's default (the process ends at once).
 */
export function shutdownSignal(onSignal?: (signal: NodeJS.Signals) => void): ShutdownSignal {
  const controller = new AbortController();
  let resolveReceived!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => (resolveReceived = resolve));
  const handle = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    onSignal?.(signal);
    controller.abort(signal);
    resolveReceived(signal);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
  return { signal: controller.signal, received };
}
