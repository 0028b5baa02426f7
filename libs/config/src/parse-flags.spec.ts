import { booleanFlag, enumFlag, intFlag, numberFlag, optionalStringFlag, stringFlag, urlFlag } from './flag';
import { ConfigError } from './config-error';
import { formatHelp } from './format-help';
import { parseCommandLine } from './parse-flags';
import { consensusConfigFlags, consensusConfigFromFlags } from './consensus-flags';

const spec = {
  port: intFlag({ short: 'p', env: 'T_PORT', description: 'port', default: 50000, min: 0, max: 65535 }),
  nodes: intFlag({ short: 'n', env: 'T_NODES', description: 'nodes', min: 1 }),
  name: stringFlag({ env: 'T_NAME', description: 'name', default: 'x' }),
  archive: booleanFlag({ env: 'T_ARCHIVE', description: 'archive' }),
  mode: enumFlag({ env: 'T_MODE', description: 'mode', default: 'basic', values: ['basic', 'offchain-da'] as const }),
  ratio: numberFlag({ env: 'T_RATIO', description: 'ratio', default: 1.5, min: 1 }),
  url: urlFlag({ env: 'T_URL', description: 'url', default: 'tcp://127.0.0.1:1', protocols: ['tcp:'] }),
  key: optionalStringFlag({ env: 'T_KEY', description: 'key' }),
};

function run(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseCommandLine(spec, argv, env);
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return parsed.values;
}

describe('parseCommandLine', () => {
  it('reads short, long and inline forms', () => {
    const values = run(['-p', '1', '--nodes=4', '--name', 'y', '--archive', '--mode', 'offchain-da']);
    expect(values).toMatchObject({ port: 1, nodes: 4, name: 'y', archive: true, mode: 'offchain-da' });
  });

  it('applies defaults and leaves optional flags undefined', () => {
    const values = run(['-n', '5']);
    expect(values).toEqual({
      port: 50000,
      nodes: 5,
      name: 'x',
      archive: false,
      mode: 'basic',
      ratio: 1.5,
      url: 'tcp://127.0.0.1:1',
      key: undefined,
    });
  });

  it('prefers a flag over its environment twin, and the twin over the default', () => {
    expect(run(['-n', '5'], { T_PORT: '7' }).port).toBe(7);
    expect(run(['-n', '5', '-p', '8'], { T_PORT: '7' }).port).toBe(8);
    expect(run([], { T_NODES: '3', T_ARCHIVE: 'true' })).toMatchObject({ nodes: 3, archive: true });
  });

  it('returns help for -h and --help wherever they stand', () => {
    expect(parseCommandLine(spec, ['--help'], {}).kind).toBe('help');
    expect(parseCommandLine(spec, ['-n', 'oops', '-h'], {}).kind).toBe('help');
  });

  it.each([
    [['-n', '5', '--bogus'], 'unknown flag --bogus'],
    [['-n', '5', '-z'], 'unknown flag -z'],
    [['stray'], 'unexpected argument "stray"'],
    [['-n'], '--nodes needs a value'],
    [[], '--nodes is required (or set T_NODES)'],
    [['-n', '0'], '--nodes must be between 1'],
    [['-n', '1.5'], '--nodes must be a whole number'],
    [['-n', '5', '--mode', 'fast'], '--mode must be one of basic, offchain-da'],
    [['-n', '5', '--ratio', 'abc'], '--ratio must be a number'],
    [['-n', '5', '--url', 'http://x'], '--url must use tcp:'],
    [['-n', '5', '--url', 'not a url'], '--url is not a valid URL'],
    [['-n', '5', '--archive=maybe'], '--archive must be true or false'],
  ])('refuses %j with a ConfigError that says %s', (argv, message) => {
    expect(() => run(argv)).toThrow(ConfigError);
    expect(() => run(argv)).toThrow(message);
  });

  it('names the environment variable when its value is bad', () => {
    expect(() => run([], { T_NODES: 'many' })).toThrow('T_NODES must be a whole number');
  });
});

describe('formatHelp', () => {
  it('lists every flag with its environment twin and default', () => {
    const help = formatHelp({ name: 'demo', summary: 'Does things.', examples: ['demo -n 4'] }, spec);
    expect(help).toContain('Usage: demo [flags]');
    expect(help).toContain('-p, --port <int>');
    expect(help).toContain('env T_PORT; default 50000');
    expect(help).toContain('env T_NODES; required');
    expect(help).toContain('-h, --help');
    expect(help).toContain('demo -n 4');
    expect(help).not.toContain('default false');
  });
});

describe('consensusConfigFromFlags', () => {
  const parse = (argv: string[]) => {
    const parsed = parseCommandLine(consensusConfigFlags, argv, {});
    if (parsed.kind !== 'run') throw new Error('expected a run');
    return consensusConfigFromFlags(parsed.values);
  };

  it('builds the config with the chain id as a bigint', () => {
    expect(parse(['--chain-id', '18446744073709551615', '--view-timeout-ms', '500'])).toMatchObject({
      chainId: 18446744073709551615n,
      viewTimeoutMs: 500,
    });
  });

  it('refuses a chain id outside uint64 and a transaction bound above the block bound', () => {
    expect(() => parse(['--chain-id', '18446744073709551616'])).toThrow(
      '--chain-id must be an unsigned 64-bit integer',
    );
    expect(() => parse(['--chain-id', '-1'])).toThrow(ConfigError);
    expect(() => parse(['--max-tx-bytes', '10', '--max-block-bytes', '5'])).toThrow(
      '--max-tx-bytes must not exceed --max-block-bytes',
    );
  });
});
