import { jsonSchema } from '@hotshot/protocol';
import { Type } from '@sinclair/typebox';

/** The message of the load generator's periodic log line. */
export const LOAD_PROGRESS_MSG = 'load progress';

const Latency = Type.Union([Type.Number(), Type.Null()]);
/** The fields of a `load progress` line that the demo's status line reads; the line carries more. */
const loadProgressLine = jsonSchema(
  Type.Object({ msg: Type.Literal(LOAD_PROGRESS_MSG), p50Ms: Latency, p50MsAll: Latency }),
);

/** Submit-to-decide p50 of the recent window and of the whole run, in ms (null before anything decided). */
export interface LoadLatency {
  readonly recent: number | null;
  readonly all: number | null;
}

/** The latency a line of the load generator's stdout reports, or undefined for any other line. */
export function loadLatencyOf(line: string): LoadLatency | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const checked = loadProgressLine.check(value);
  return checked.ok ? { recent: checked.value.p50Ms, all: checked.value.p50MsAll } : undefined;
}
