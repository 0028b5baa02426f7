import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { BaseError } from '@hotshot/protocol';
import { renderComposeFile } from './compose-file';

/** Prettier refused or failed to format the compose file. */
export class ComposeFormatError extends BaseError {
  override name = 'ComposeFormatError';
  constructor(reason: string) {
    super('prettier could not format docker-compose.yaml', { details: { reason } });
  }
}

/**
 * The compose file's text as it is committed: rendered, then formatted by the repository's Prettier (its CLI, with
 * the settings that apply at `path`, so `prettier --check` agrees). Prettier is a development dependency: only the
 * generator script and the test call this, never a binary.
 */
export function formatComposeFile(path: string, root = dirname(path)): string {
  const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  const result = spawnSync(process.execPath, [prettier, '--stdin-filepath', path], {
    cwd: root,
    input: renderComposeFile(),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new ComposeFormatError(result.error?.message ?? result.stderr);
  return result.stdout;
}
