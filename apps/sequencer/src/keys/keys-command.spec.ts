import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode } from '@hotshot/config';
import { decryptKeystore, demoKeyPair, publicKeyToHex, readKeystoreFile, writeKeyFile } from '@hotshot/crypto';
import { runKeysCommand } from './keys-command';

let dir: string;
let stdout: string;
let stderr: string;
const output = { write: (text: string) => void (stdout += text), writeError: (text: string) => void (stderr += text) };

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keys-command-'));
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

/** Runs `sequencer keys ...argv` in process, capturing what runCommand writes to the process's streams too. */
async function keys(argv: string[], env: Record<string, string> = {}): Promise<number> {
  const writes = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];
  writes[0]!.mockImplementation((text) => ((stdout += String(text)), true));
  writes[1]!.mockImplementation((text) => ((stderr += String(text)), true));
  try {
    await runKeysCommand(argv, env, output);
  } finally {
    writes.forEach((spy) => spy.mockRestore());
  }
  return Number(process.exitCode ?? 0);
}

function passwordFile(text: string, mode = 0o600): string {
  const file = path.join(dir, `password-${mode.toString(8)}`);
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
  return file;
}

describe('sequencer keys', () => {
  it('new writes a scrypt keystore (mode 0600) that decrypts with the password from the environment', async () => {
    const out = path.join(dir, 'node.keystore.json');
    expect(await keys(['new', '--out', out, '--description', 'node 0'], { SEQUENCER_KEYSTORE_PASSWORD: 'pw' })).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const printed = JSON.parse(stdout) as { publicKey: string; keystore: string };
    const keystore = readKeystoreFile(out);
    expect(keystore).toMatchObject({ description: 'node 0', path: '', version: 4 });
    expect(keystore.crypto.kdf).toMatchObject({ function: 'scrypt', params: { n: 2 ** 18, r: 8, p: 1 } });
    expect(publicKeyToHex(decryptKeystore(keystore, 'pw', out).publicKey)).toBe(printed.publicKey);
    expect(stdout).not.toContain(keystore.crypto.cipher.message);
    // A second `new` never overwrites the key.
    expect(await keys(['new', '--out', out], { SEQUENCER_KEYSTORE_PASSWORD: 'pw' })).toBe(ExitCode.failure);
    expect(stderr).toContain('already exists');
    // Three scrypt runs at full strength (256 MiB each), on a machine shared with other tests.
  }, 120_000);

  it('import encrypts a key file with the password from a file; show prints its public key and no secret', async () => {
    const key = demoKeyPair('import', 3);
    const keyFile = path.join(dir, 'node.key.json');
    writeKeyFile(keyFile, key);
    const out = path.join(dir, 'imported.json');
    const argv = ['import', '--key-file', keyFile, '--out', out, '--kdf', 'pbkdf2'];
    expect(await keys([...argv, '--password-file', passwordFile('secret words\n')])).toBe(0);
    expect(decryptKeystore(readKeystoreFile(out), 'secret words', out)).toEqual(key);

    stdout = '';
    // show needs no password and reads a keystore whatever its mode: it holds nothing secret in the clear.
    chmodSync(out, 0o644);
    expect(await keys(['show', out])).toBe(0);
    const shown = JSON.parse(stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      keystore: out,
      publicKey: publicKeyToHex(key.publicKey),
      version: 4,
      kdf: { function: 'pbkdf2', params: { c: 2 ** 18, prf: 'hmac-sha256', dklen: 32 } },
      cipher: 'aes-128-ctr',
    });
    const file = JSON.parse(readFileSync(out, 'utf8')) as { crypto: { cipher: { message: string } } };
    expect(stdout).not.toContain(file.crypto.cipher.message);
    expect(stdout).not.toContain(Buffer.from(key.secretKey).toString('hex'));
  });

  it('refuse a password on the command line, a readable password file, or no password, with exit 2 or 1', async () => {
    const out = path.join(dir, 'k.json');
    expect(await keys(['new', '--out', out, '--password', 'pw'])).toBe(ExitCode.usage);
    expect(stderr).toContain('would show the password in ps');
    expect(await keys(['new', '--out', out])).toBe(ExitCode.usage);
    expect(stderr).toContain('a keystore password is required');
    expect(await keys(['new', '--out', out, '--password-file', passwordFile('pw', 0o644)])).toBe(ExitCode.failure);
    expect(stderr).toMatch(/password file .*: mode 644/);
    expect(await keys(['import', '--out', out], { SEQUENCER_KEYSTORE_PASSWORD: 'pw' })).toBe(ExitCode.usage);
    expect(stderr).toContain('--key-file is required');
    expect(() => statSync(out)).toThrow();
  });

  it('show needs exactly one file; unknown commands and --help say what there is', async () => {
    expect(await keys(['show'])).toBe(ExitCode.usage);
    expect(stderr).toContain('sequencer keys show FILE');
    expect(await keys(['show', path.join(dir, 'absent.json')])).toBe(ExitCode.failure);
    expect(stderr).toContain('does not exist');
    expect(await keys(['rotate'])).toBe(ExitCode.usage);
    expect(stderr).toContain('unknown command "rotate"');
    expect(await keys(['--help'])).toBe(0);
    expect(stdout).toMatch(/new .*\n\s+import .*\n\s+show /);
    stdout = '';
    expect(await keys(['new', '--help'])).toBe(0);
    expect(stdout).toContain('Usage: sequencer keys new');
    expect(stdout).toMatch(/--password-file <path> .*env SEQUENCER_KEYSTORE_PASSWORD_FILE/);
    expect(stdout).toMatch(/--password <password> .*environment only.*env SEQUENCER_KEYSTORE_PASSWORD\]/);
  });
});
