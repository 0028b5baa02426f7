import { lintStdin } from './support/lint-stdin';

/** Lints `source` as if it lived at `filePath` and returns the rule ids ESLint reports. */
function ruleIdsFor(filePath: string, source: string): string[] {
  return lintStdin(filePath, source).map((m) => m.ruleId);
}

describe('the pure-core lint rule', () => {
  it.each([
    ['libs/consensus/src/violation.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"],
    ['libs/consensus/src/violation.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['libs/protocol/src/violation.ts', "import net from 'net';\nexport const x = net;\n"],
    ['libs/protocol/src/violation.ts', "import Redis from 'ioredis';\nexport const x = Redis;\n"],
  ])('rejects IO and Nest imports in %s', (filePath, source) => {
    expect(ruleIdsFor(filePath, source)).toContain('no-restricted-imports');
  });

  it('rejects reading the clock or the environment in the core', () => {
    expect(ruleIdsFor('libs/consensus/src/violation.ts', 'export const now = Date.now();\n')).toContain(
      'no-restricted-properties',
    );
    expect(ruleIdsFor('libs/consensus/src/violation.ts', 'export const env = process.env;\n')).toContain(
      'no-restricted-globals',
    );
  });

  it('allows the same imports in the IO shell', () => {
    expect(
      ruleIdsFor(
        'libs/storage/src/fine.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([]);
  });

  it('allows pure dependencies in the core', () => {
    expect(
      ruleIdsFor('libs/protocol/src/fine.ts', "import { keccak256 } from 'viem';\nexport const x = keccak256;\n"),
    ).toEqual([]);
  });
});
