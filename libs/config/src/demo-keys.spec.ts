import { ConfigError } from './config-error';
import { ANVIL_CHAIN_ID, DemoKeysRefusedError, assertDemoKeysAllowed, warnIfDemoKeys } from './demo-keys';

describe('demo keys', () => {
  it('warns once when a seed is given, without logging the seed', () => {
    const lines: [string, Record<string, unknown> | undefined][] = [];
    const log = { warn: (message: string, fields?: Record<string, unknown>) => lines.push([message, fields]) };
    warnIfDemoKeys(log, '--key-seed', undefined);
    expect(lines).toEqual([]);
    warnIfDemoKeys(log, '--key-seed', 'secret-demo-seed');
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toMatch(/^demo keys in use/);
    expect(JSON.stringify(lines)).not.toContain('secret-demo-seed');
  });

  it("refuses a seed on an L1 other than anvil's unless allowed, as a usage error", () => {
    expect(() => assertDemoKeysAllowed('--key-seed', 'demo', 1, false)).toThrow(DemoKeysRefusedError);
    expect(() => assertDemoKeysAllowed('--key-seed', 'demo', 11155111, false)).toThrow(ConfigError);
    expect(() => assertDemoKeysAllowed('--key-seed', 'demo', 1, false)).toThrow(/--allow-demo-keys/);
    expect(() => assertDemoKeysAllowed('--key-seed', 'demo', 1, true)).not.toThrow();
    expect(() => assertDemoKeysAllowed('--key-seed', 'demo', ANVIL_CHAIN_ID, false)).not.toThrow();
    expect(() => assertDemoKeysAllowed('--key-seed', undefined, 1, false)).not.toThrow();
  });
});
