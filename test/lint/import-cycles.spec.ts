import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintStdin as lint, root } from './support/lint-stdin';

describe('the no-import-cycle lint rule', () => {
  it('names the cycle a module would close by importing one that leads back to it', () => {
    // vote-counting imports proposing, which imports voting: voting importing vote-counting closes a loop.
    const messages = lint(
      'libs/consensus/src/core/voting.ts',
      "import { countQuorumVote } from './vote-counting';\nexport const again = countQuorumVote;\n",
    );
    const cycle = messages.find((m) => m.ruleId === 'local/no-import-cycle');
    expect(cycle?.message).toContain(
      'libs/consensus/src/core/voting.ts -> libs/consensus/src/core/vote-counting.ts -> libs/consensus/src/core/proposing.ts -> libs/consensus/src/core/voting.ts',
    );
  });

  it('resolves the @hotshot/* aliases, so a cycle between libraries is caught too', () => {
    const messages = lint(
      'libs/protocol/src/model/cycle.ts',
      "import { step } from '@hotshot/consensus';\nexport const x = step;\n",
    );
    // A file nothing imports closes no cycle, even when it imports a library that depends on its own.
    expect(messages.filter((m) => m.ruleId === 'local/no-import-cycle')).toEqual([]);
    const closing = lint(
      'libs/protocol/src/index.ts',
      `${readFileSync(path.join(root, 'libs/protocol/src/index.ts'), 'utf8')}\nexport { step } from '@hotshot/consensus';\n`,
    );
    expect(closing.find((m) => m.ruleId === 'local/no-import-cycle')?.message).toMatch(
      /^Import cycle: libs\/protocol\/src\/index\.ts -> libs\/consensus\/src\/.*-> libs\/protocol\/src\/index\.ts/,
    );
  });

  it('passes the repository as it is', () => {
    expect(
      lint(
        'libs/consensus/src/core/voting.ts',
        readFileSync(path.join(root, 'libs/consensus/src/core/voting.ts'), 'utf8'),
      ),
    ).toEqual([]);
  });
});
