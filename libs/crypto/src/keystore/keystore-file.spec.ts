import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoKeyPair } from '../bls/bls';
import { KeystoreError, decryptKeystore, encryptKeystore, type KeystoreProblem } from './keystore';
import {
  KEYSTORE_FILE_MAX_BYTES,
  readKeystoreFile,
  readKeystorePasswordFile,
  writeKeystoreFile,
} from './keystore-file';

const key = demoKeyPair('keystore-file', 0);
const keystore = encryptKeystore(key, 'pw', { kdf: 'pbkdf2', kdfParams: { c: 1024 } });
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keystore-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemOf(run: () => unknown): KeystoreProblem | 'ok' {
  try {
    run();
  } catch (error) {
    if (error instanceof KeystoreError) return error.problem;
    throw error;
  }
  return 'ok';
}

function writeRaw(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
}

describe('keystore files', () => {
  it('are written with mode 0600 and read back, and never overwritten', () => {
    const path = join(dir, 'node.keystore.json');
    writeKeystoreFile(path, keystore);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(decryptKeystore(readKeystoreFile(path), 'pw', path)).toEqual(key);
    expect(problemOf(() => writeKeystoreFile(path, encryptKeystore(key, 'other', { kdfParams: { n: 1024 } })))).toBe(
      'exists',
    );
    expect(decryptKeystore(readKeystoreFile(path), 'pw', path)).toEqual(key);
    // No temporary file is left behind, whether the write succeeded or not.
    expect(readdirSync(dir)).toEqual(['node.keystore.json']);
    expect(problemOf(() => writeKeystoreFile(join(dir, 'no', 'such', 'k.json'), keystore))).toBe('unwritable');
  });

  it('refuse a keystore group or others can read, unless only its public part is wanted', () => {
    const path = writeRaw('open.json', JSON.stringify(keystore), 0o644);
    expect(problemOf(() => readKeystoreFile(path))).toBe('insecurePermissions');
    expect(() => readKeystoreFile(path)).toThrow(/keystore .*open.json: mode 644 .* chmod 600/);
    expect(readKeystoreFile(path, { requirePrivate: false }).pubkey).toBe(keystore.pubkey);
  });

  it('say a keystore is missing, too large or not a keystore', () => {
    expect(problemOf(() => readKeystoreFile(join(dir, 'absent.json')))).toBe('missing');
    expect(problemOf(() => readKeystoreFile(dir, { requirePrivate: false }))).toBe('unreadable');
    const big = writeRaw('big.json', ' '.repeat(KEYSTORE_FILE_MAX_BYTES + 1));
    expect(problemOf(() => readKeystoreFile(big))).toBe('tooLarge');
    expect(problemOf(() => readKeystoreFile(writeRaw('key.json', '{"secretKey": "0x01"}')))).toBe('badFormat');
  });

  it('read a password file that only its owner can access; a trailing newline does not count', () => {
    const path = writeRaw('password', 'pw\n');
    expect(decryptKeystore(keystore, readKeystorePasswordFile(path), 'k')).toEqual(key);
    chmodSync(path, 0o640);
    expect(problemOf(() => readKeystorePasswordFile(path))).toBe('insecurePermissions');
    expect(() => readKeystorePasswordFile(path)).toThrow(/password file .*password: mode 640/);
    expect(problemOf(() => readKeystorePasswordFile(join(dir, 'absent')))).toBe('missing');
    expect(problemOf(() => readKeystorePasswordFile(writeRaw('huge', 'x'.repeat(8192))))).toBe('tooLarge');
  });
});
