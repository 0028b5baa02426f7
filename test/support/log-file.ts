import { readFileSync } from 'node:fs';

/** The JSON log lines a process wrote to `file` (one object per line; other lines are skipped). */
export function readLogFile(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
