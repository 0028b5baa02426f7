import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteAvailabilityStore, openSqliteDatabase } from '@hotshot/storage';
import { startTestApi } from './testing/api-test-app';

const APP_DIR = resolve(__dirname, '../..');
const REDOCLY = resolve(require.resolve('@redocly/cli/package.json'), '..', 'bin', 'cli.js');

interface LintResult {
  code: number;
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** Runs `redocly lint` on `file` in `dir` (with the redocly.yaml and ignore file found there), as JSON. */
function lint(dir: string, file: string): Promise<LintResult> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [REDOCLY, 'lint', file, '--format', 'json'],
      // No update check and no telemetry: the test must not reach the network.
      { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const start = stdout.indexOf('{');
        if (start < 0) return fail(new Error(`redocly printed no report (exit ${code}): ${stderr}`));
        done({ code, ...(JSON.parse(stdout.slice(start)) as Omit<LintResult, 'code'>) });
      },
    );
  });
}

describe('redocly lint of the OpenAPI document', () => {
  let dir: string;
  let document: Record<string, unknown>;
  beforeAll(async () => {
    const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
    const api = await startTestApi({ store });
    try {
      document = (await (await fetch(`${api.url}/docs/json`)).json()) as Record<string, unknown>;
    } finally {
      await api.close();
      await store.close();
    }
    dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    copyFileSync(join(APP_DIR, 'redocly.yaml'), join(dir, 'redocly.yaml'));
    copyFileSync(join(APP_DIR, '.redocly.lint-ignore.yaml'), join(dir, '.redocly.lint-ignore.yaml'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the recommended rules with no error or warning', async () => {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    const result = await lint(dir, 'openapi.json');
    expect(result.problems.map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`)).toEqual([]);
    expect(result.totals).toEqual({ errors: 0, warnings: 0, ignored: 1 });
    expect(result.code).toBe(0);
  }, 60_000);

  it('fails an operation that documents no success or no client error (the config keeps both checks)', async () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, { responses: object }>> };
    broken.paths['/v0/status/block-height']!.get!.responses = { '400': { description: 'bad' } };
    broken.paths['/v0/availability/stream/blocks/{from}']!.get!.responses = { '101': { description: 'upgrade' } };
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(broken));
    const result = await lint(dir, 'openapi.json');
    expect(result.code).not.toBe(0);
    expect(result.problems.map((p) => [p.ruleId, p.location[0]?.pointer])).toEqual(
      expect.arrayContaining([
        ['rule/success-response', '#/paths/~1v0~1status~1block-height/get/responses'],
        ['operation-4xx-response', '#/paths/~1v0~1availability~1stream~1blocks~1{from}/get/responses'],
      ]),
    );
  }, 60_000);
});
