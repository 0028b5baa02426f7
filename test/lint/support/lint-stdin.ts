import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..', '..');
const eslint = path.join(root, 'node_modules', '.bin', 'eslint');

/** What ESLint reports about `source` linted as if it were the file at `filePath` (relative to the repository). */
export function lintStdin(filePath: string, source: string): { ruleId: string; message: string }[] {
  let output: string;
  try {
    output = execFileSync(eslint, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
      cwd: root,
      input: source,
      encoding: 'utf8',
    });
  } catch (error) {
    // ESLint exits 1 when it finds problems; its report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const [report] = JSON.parse(output) as [{ messages: { ruleId: string; message: string }[] }];
  return report.messages;
}
