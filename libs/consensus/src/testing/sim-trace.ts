import type { ConsensusEffect } from '../types/effects';
import type { ConsensusInput } from '../types/inputs';

/** One line per input and effect (Persist left out), for replaying a failing seed by eye. */
export function traceLines(
  now: number,
  node: number,
  view: number,
  input: ConsensusInput,
  effects: readonly ConsensusEffect[],
): string[] {
  const lines = [`${now} n${node} v${view} <- ${describe(input)}`];
  for (const effect of effects) if (effect.kind !== 'Persist') lines.push(`    -> ${describe(effect)}`);
  return lines;
}

function describe(value: object): string {
  return JSON.stringify(value, (key, v) =>
    typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? `<${v.length}B>` : key === 'payload' ? '…' : v,
  ).slice(0, 400);
}
