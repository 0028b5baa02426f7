import { ConfigError } from './config-error';
import { intFlag } from './flag';
import { runCommand } from './run-command';

const INFO = { name: 'tool', summary: 'A tool.', examples: [] };
const SPEC = { port: intFlag({ env: 'TOOL_PORT', description: 'Port.', default: 1, min: 1, max: 9 }) };

describe('runCommand exit codes', () => {
  let stderr: string;
  const originalExitCode = process.exitCode;
  beforeEach(() => {
    stderr = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.exitCode = undefined;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = originalExitCode;
  });

  it('exits 2 for a flag out of range, naming it', async () => {
    await runCommand(INFO, SPEC, async () => undefined, ['--port', '10'], {});
    expect(process.exitCode).toBe(2);
    expect(stderr).toContain('--port');
  });

  it('exits 2 when main finds flags that do not go together', async () => {
    await runCommand(
      INFO,
      SPEC,
      async () => {
        throw new ConfigError('--a cannot be combined with --b');
      },
      [],
      {},
    );
    expect(process.exitCode).toBe(2);
    expect(stderr).toContain("tool: --a cannot be combined with --b\nRun 'tool --help'");
  });

  it('exits 1 for any other failure of main, printing its message', async () => {
    await runCommand(
      INFO,
      SPEC,
      async () => {
        throw new Error('disk full');
      },
      [],
      {},
    );
    expect(process.exitCode).toBe(1);
    expect(stderr).toContain('disk full');
  });
});
