import type { FlagSpec } from './parse-flags';

/** What `--help` says about a command besides its flags. */
export interface CommandInfo {
  /** The binary's name, e.g. `cdn-server`. */
  readonly name: string;
  /** One sentence on what the command does. */
  readonly summary: string;
  /** Example invocations, one per line. */
  readonly examples?: readonly string[];
}

/** Renders the help text: usage, every flag with its environment twin and default, and examples. */
export function formatHelp(info: CommandInfo, spec: FlagSpec): string {
  const rows = Object.entries(spec).map(([long, def]) => {
    const names = `${def.short ? `-${def.short}, ` : '    '}--${long}${def.placeholder ? ` ${def.placeholder}` : ''}`;
    const facts = [`env ${def.env}`];
    if (def.default !== undefined && !(def.isSwitch && def.default === false))
      facts.push(`default ${String(def.default)}`);
    else if (def.default === undefined && !def.optional) facts.push('required');
    return { names, text: `${def.description} [${facts.join('; ')}]` };
  });
  rows.push({ names: '-h, --help', text: 'Print this help and exit.' });
  const width = Math.max(...rows.map((row) => row.names.length)) + 2;
  const lines = [
    `Usage: ${info.name} [flags]`,
    '',
    info.summary,
    '',
    'Flags (a flag beats its environment variable, which beats the default):',
    ...rows.map((row) => `  ${row.names.padEnd(width)}${row.text}`),
  ];
  if (info.examples?.length) lines.push('', 'Examples:', ...info.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}
