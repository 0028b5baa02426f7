/** An AbortSignal that fires on the first SIGINT or SIGTERM, and a promise that resolves with the signal's name. */
export function shutdownSignal(): { signal: AbortSignal; received: Promise<string> } {
  const controller = new AbortController();
  const received = new Promise<string>((resolve) => {
    const onSignal = (name: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      controller.abort();
      resolve(name);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { signal: controller.signal, received };
}
