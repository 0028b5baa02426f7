/**
 * An AbortController that aborts on the first SIGINT or SIGTERM, with the signal's name as the reason:
 * the one shutdown path of every long-running binary. `onSignal` runs first (to log the request).
 */
export function abortOnShutdownSignal(onSignal?: (signal: NodeJS.Signals) => void): AbortController {
  const controller = new AbortController();
  const handle = (signal: NodeJS.Signals): void => {
    onSignal?.(signal);
    controller.abort(signal);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
  return controller;
}
