import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANVIL_PRIVATE_KEYS } from '../anvil/anvil-process';
import { PrivateKeyError } from '../errors';
import { readPrivateKey } from './l1-clients';

describe('readPrivateKey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l1-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const key = ANVIL_PRIVATE_KEYS[1];

  it('reads a hex value, a hex file and a JSON key file', () => {
    expect(readPrivateKey({ value: key.slice(2), what: 'key' })).toBe(key);
    writeFileSync(join(dir, 'hex'), `${key}\n`, { mode: 0o600 });
    expect(readPrivateKey({ file: join(dir, 'hex'), what: 'key' })).toBe(key);
    writeFileSync(join(dir, 'json'), JSON.stringify({ privateKey: key }), { mode: 0o400 });
    expect(readPrivateKey({ file: join(dir, 'json'), what: 'key' })).toBe(key);
  });

  it('refuses a JSON key file whose privateKey is missing or not a string', () => {
    for (const [name, json] of [
      ['no-key', {}],
      ['number-key', { privateKey: 7 }],
    ] as const) {
      writeFileSync(join(dir, name), JSON.stringify(json), { mode: 0o400 });
      expect(() => readPrivateKey({ file: join(dir, name), what: 'key' })).toThrow('JSON with a privateKey');
    }
  });

  it('refuses none, both, an unreadable file and a wrong length, never echoing the key', () => {
    const attempts = [
      { what: 'key' },
      { value: key, file: join(dir, 'hex'), what: 'key' },
      { file: join(dir, 'absent'), what: 'key' },
      { value: key.slice(0, 40), what: 'key' },
    ];
    for (const attempt of attempts) {
      expect(() => readPrivateKey(attempt)).toThrow(PrivateKeyError);
      try {
        readPrivateKey(attempt);
      } catch (error) {
        expect((error as Error).message).not.toContain(key.slice(10));
      }
    }
  });

  it.each([0o666, 0o644, 0o640, 0o604])('refuses a key file with mode %o, as the BLS key loader does', (mode) => {
    const file = join(dir, `open-${mode.toString(8)}`);
    writeFileSync(file, `${key}\n`);
    chmodSync(file, mode);
    const read = () => readPrivateKey({ file, what: 'key' });
    expect(read).toThrow(PrivateKeyError);
    expect(read).toThrow(`mode ${mode.toString(8)} lets group or others access it; run chmod 600`);
    try {
      read();
    } catch (error) {
      expect((error as PrivateKeyError).details).toMatchObject({ problem: 'insecurePermissions' });
      expect((error as Error).message).not.toContain(key.slice(10));
    }
  });
});
