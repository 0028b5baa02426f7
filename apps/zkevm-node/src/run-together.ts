/**
 * Runs tasks side by side until `signal` aborts or one of them fails; a failure stops the others (through the signal
 * each gets) and is rethrown once all have returned, so nothing keeps running behind a fatal error.
 */
export async function runTogether(
  tasks: readonly ((signal: AbortSignal) => Promise<void>)[],
  signal: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  signal.addEventListener('abort', stop, { once: true });
  const failures: unknown[] = [];
  try {
    await Promise.all(
      tasks.map(async (task) => {
        try {
          await task(controller.signal);
        } catch (error) {
          failures.push(error);
          controller.abort();
        }
      }),
    );
  } finally {
    signal.removeEventListener('abort', stop);
  }
  if (failures.length > 0) throw failures[0];
}
