import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decryptKeystore, demoKeyPair, readKeystoreFile, readKeystorePasswordFile } from '@hotshot/crypto';
import { silentLogger } from '@hotshot/telemetry';
import { SIGNER_FILES, SignerKeystoreMismatchError, signerKeysCommand } from './signer-keys-command';

describe('hotshot-demo signer-keys', () => {
  jest.setTimeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'signer-keys-')), 'signer');
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));
  const run = (seed = 'signer-keys-spec', nodes = 2) =>
    signerKeysCommand({ 'key-seed': seed, nodes, 'out-dir': dir }, silentLogger);
  const file = (name: string) => path.join(dir, name);

  it('writes a keystore per demo key that its password unlocks, and a client secret, all mode 0600', () => {
    run();
    const password = readKeystorePasswordFile(file(SIGNER_FILES.password));
    for (const index of [0, 1]) {
      const keystoreFile = file(SIGNER_FILES.keystore(index));
      const key = decryptKeystore(readKeystoreFile(keystoreFile), password, keystoreFile);
      expect(key.secretKey).toEqual(demoKeyPair('signer-keys-spec', index).secretKey);
    }
    const secret = readFileSync(file(SIGNER_FILES.clientSecret), 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    for (const name of [SIGNER_FILES.password, SIGNER_FILES.clientSecret, SIGNER_FILES.keystore(0)]) {
      expect(statSync(file(name)).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps what is there when run again, and adds only the missing keystores', () => {
    run('signer-keys-spec', 1);
    const before = [SIGNER_FILES.password, SIGNER_FILES.clientSecret, SIGNER_FILES.keystore(0)].map((name) =>
      readFileSync(file(name), 'utf8'),
    );
    run('signer-keys-spec', 2);
    const after = [SIGNER_FILES.password, SIGNER_FILES.clientSecret, SIGNER_FILES.keystore(0)].map((name) =>
      readFileSync(file(name), 'utf8'),
    );
    expect(after).toEqual(before);
    const keystoreFile = file(SIGNER_FILES.keystore(1));
    const password = readKeystorePasswordFile(file(SIGNER_FILES.password));
    expect(decryptKeystore(readKeystoreFile(keystoreFile), password, keystoreFile).secretKey).toEqual(
      demoKeyPair('signer-keys-spec', 1).secretKey,
    );
  });

  it('refuses a keystore that holds another key than the seed gives, and leaves it alone', () => {
    run('one-seed', 1);
    const kept = readFileSync(file(SIGNER_FILES.keystore(0)), 'utf8');
    expect(() => run('another-seed', 1)).toThrow(SignerKeystoreMismatchError);
    expect(readFileSync(file(SIGNER_FILES.keystore(0)), 'utf8')).toBe(kept);
  });

  it('refuses a password file others can read instead of using it', () => {
    run('signer-keys-spec', 1);
    chmodSync(file(SIGNER_FILES.password), 0o644);
    rmSync(file(SIGNER_FILES.keystore(0)));
    expect(() => run('signer-keys-spec', 1)).toThrow(/password file .*mode 644/);
  });
});
