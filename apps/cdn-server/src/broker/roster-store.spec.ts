import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import type { Hex } from 'viem';
import { RosterFileCorruptError, RosterMismatchError, RosterPersistError } from './broker-errors';
import { FileRosterStore, checkStoredRoster } from './roster-store';

const key = (i: number) => `0x${i.toString(16).padStart(96, '0')}` as Hex;
const config = { ...DEFAULT_CONSENSUS_CONFIG, chainId: 2n ** 63n + 5n };

describe('FileRosterStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'roster-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has nothing before the first save', () => {
    expect(new FileRosterStore(join(dir, 'sub')).load()).toBeUndefined();
  });

  it('saves and loads the roster with a bigint chain id, leaving no temporary file', () => {
    const store = new FileRosterStore(join(dir, 'data'));
    store.save({ expectedNodes: 4, config, publicKeys: [key(1), key(2)] });
    store.save({ expectedNodes: 4, config, publicKeys: [key(1), key(2), key(3)] });
    expect(new FileRosterStore(join(dir, 'data')).load()).toEqual({
      expectedNodes: 4,
      config,
      publicKeys: [key(1), key(2), key(3)],
    });
    expect(readdirSync(join(dir, 'data'))).toEqual(['roster.json']);
    expect(JSON.parse(readFileSync(join(dir, 'data', 'roster.json'), 'utf8')).config.chainId).toBe(
      config.chainId.toString(),
    );
  });

  it.each([
    ['not JSON', '{"version": 1,'],
    ['a wrong version', JSON.stringify({ version: 2 })],
    ['a bad key', JSON.stringify({ version: 1, expectedNodes: 2, config: {}, publicKeys: ['0x12'] })],
    ['a duplicate key', JSON.stringify({ version: 1, expectedNodes: 2, config: {}, publicKeys: [key(1), key(1)] })],
    ['too many keys', JSON.stringify({ version: 1, expectedNodes: 1, config: {}, publicKeys: [key(1), key(2)] })],
    [
      'a config without fields',
      JSON.stringify({ version: 1, expectedNodes: 2, config: { chainId: '1' }, publicKeys: [] }),
    ],
  ])('refuses a file with %s, naming the file', (_what, text) => {
    writeFileSync(join(dir, 'roster.json'), text);
    const load = () => new FileRosterStore(dir).load();
    expect(load).toThrow(RosterFileCorruptError);
    expect(load).toThrow(join(dir, 'roster.json'));
  });

  describe('refuses a file of the wrong shape, naming the field', () => {
    const good = () => ({
      version: 1,
      expectedNodes: 4,
      config: { ...config, chainId: config.chainId.toString() },
      publicKeys: [key(1), key(2)],
    });
    it.each<[string, (file: Record<string, unknown>) => unknown, string]>([
      ['a missing config', ({ config: _config, ...rest }) => rest, '/config'],
      ['a missing config field', (file) => ({ ...file, config: { chainId: '1' } }), '/config/viewTimeoutMs'],
      ['a node count as a string', (file) => ({ ...file, expectedNodes: '4' }), '/expectedNodes'],
      ['a fractional node count', (file) => ({ ...file, expectedNodes: 2.5 }), '/expectedNodes'],
      ['a chain id as a number', (file) => ({ ...file, config: { ...config, chainId: 5 } }), '/config/chainId'],
      ['the config nested once more', (file) => ({ ...file, config: { config: file.config } }), '/config/chainId'],
      ['keys nested in arrays', (file) => ({ ...file, publicKeys: [[key(1)]] }), '/publicKeys/0'],
      [
        'a huge key array',
        (file) => ({ ...file, publicKeys: Array.from({ length: 20_000 }, () => key(1)) }),
        '/publicKeys',
      ],
      [
        'a timestamp that is not an integer',
        (file) => ({ ...file, lastAuthTimestamps: { [key(1)]: 1.5 } }),
        '/lastAuthTimestamps',
      ],
      ['timestamps as an array', (file) => ({ ...file, lastAuthTimestamps: [1] }), '/lastAuthTimestamps'],
      ['an array for the whole file', () => [good()], '(root)'],
    ])('%s', (_what, mutate, field) => {
      writeFileSync(join(dir, 'roster.json'), JSON.stringify(mutate(good())));
      const load = () => new FileRosterStore(dir).load();
      expect(load).toThrow(RosterFileCorruptError);
      expect(load).toThrow(field);
    });

    it('loads the same file when it has the right shape, dropping config fields it does not know', () => {
      const file = good();
      writeFileSync(join(dir, 'roster.json'), JSON.stringify({ ...file, config: { ...file.config, later: 1 } }));
      expect(new FileRosterStore(dir).load()).toEqual({ expectedNodes: 4, config, publicKeys: [key(1), key(2)] });
    });
  });

  it('keeps the last authentication timestamps, and refuses them for a key outside the roster', () => {
    const store = new FileRosterStore(dir);
    store.save({ expectedNodes: 2, config, publicKeys: [key(1)], lastAuthTimestamps: { [key(1)]: 1234 } });
    expect(new FileRosterStore(dir).load()?.lastAuthTimestamps).toEqual({ [key(1)]: 1234 });
    const text = readFileSync(join(dir, 'roster.json'), 'utf8').replace(key(1) + '": 1234', key(2) + '": 1234');
    writeFileSync(join(dir, 'roster.json'), text);
    expect(() => new FileRosterStore(dir).load()).toThrow(RosterFileCorruptError);
  });

  it('reports a directory it cannot write', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => new FileRosterStore(join(dir, 'file')).save({ expectedNodes: 1, config, publicKeys: [] })).toThrow(
      RosterPersistError,
    );
  });

  it('refuses to reuse a roster with another node count or config', () => {
    const stored = { expectedNodes: 4, config, publicKeys: [key(1)] };
    expect(() => checkStoredRoster(stored, 4, config, 'f')).not.toThrow();
    expect(() => checkStoredRoster(stored, 5, config, 'f')).toThrow(RosterMismatchError);
    expect(() => checkStoredRoster(stored, 4, { ...config, viewTimeoutMs: 1 }, 'f')).toThrow('viewTimeoutMs');
    expect(() => checkStoredRoster(stored, 4, { ...config, chainId: 1n }, 'f')).toThrow('chainId');
  });
});
