/** How a long-running binary learns that it should stop. */
export interface ShutdownSignal {
  /** Aborts on the first SIGINT or SIGTERM, with the signal's name as its reason: pass it to every loop. */
  readonly signal: AbortSignal;
  /** Resolves with the name of that first signal. */
  readonly received: Promise<NodeJS.Signals>;
  /** Stops listening for the signals (a process that lives on after its run, such as a test). */
  dispose(): void;
}

/** What a binary does on a signal besides aborting. */
export interface ShutdownOptions {
  /** Called with a signal that arrives after the first, instead of Node's default for it; see shutdownSignal. */
  readonly onRepeat?: (signal: NodeJS.Signals) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * The one shutdown path of every long-running binary: listens for SIGINT and SIGTERM. The first aborts `signal` and
 * resolves `received`, after `onSignal` (to log the request). By default the other signal is then absorbed while
 * the binary closes, and the same one a second time takes Node's default (the process ends at once); with
 * `onRepeat`, every later signal goes to it instead (a supervisor that must stop its children before it exits).
 */
export function shutdownSignal(
  onSignal?: (signal: NodeJS.Signals) => void,
  options: ShutdownOptions = {},
): ShutdownSignal {
  const controller = new AbortController();
  let resolveReceived!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => (resolveReceived = resolve));
  const { onRepeat } = options;
  const handle = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return onRepeat?.(signal);
    onSignal?.(signal);
    controller.abort(signal);
    resolveReceived(signal);
  };
  for (const name of SIGNALS) {
    if (onRepeat) process.on(name, handle);
    else process.once(name, handle);
  }
  return {
    signal: controller.signal,
    received,
    dispose: () => SIGNALS.forEach((name) => process.off(name, handle)),
  };
}
