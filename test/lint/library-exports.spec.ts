import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintStdin as lint, root } from './support/lint-stdin';

const RULE = 'local/no-unused-library-export';
const telemetryIndex = readFileSync(path.join(root, 'libs/telemetry/src/index.ts'), 'utf8');

describe('the no-unused-library-export lint rule', () => {
  it('names a library export that no file outside the library uses, and only that one', () => {
    // RequestBodyError is used only inside libs/telemetry; every name the index exports today is used outside.
    const messages = lint(
      'libs/telemetry/src/index.ts',
      `${telemetryIndex}\nexport { RequestBodyError } from './http-routes';\n`,
    );
    expect(messages.filter((m) => m.ruleId === RULE).map((m) => m.message)).toEqual([
      'RequestBodyError is exported by libs/telemetry/ but used by no file outside it: stop exporting it.',
    ]);
  });

  it('refuses export *, which hides what other rooms depend on', () => {
    const messages = lint('libs/telemetry/src/index.ts', `${telemetryIndex}\nexport * from './http-routes';\n`);
    expect(messages.find((m) => m.ruleId === RULE)?.message).toBe(
      'Name what libs/telemetry/ exports: export * hides what other rooms depend on.',
    );
  });

  it('leaves files other than a library index alone', () => {
    const messages = lint('libs/telemetry/src/backoff.ts', 'export const neverUsedAnywhere = 1;\n');
    expect(messages.filter((m) => m.ruleId === RULE)).toEqual([]);
  });
});
