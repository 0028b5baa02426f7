import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from 'viem';
import { demoKeyPair } from './bls/bls';
import { KeyFileError, readKeyFile, writeKeyFile, type KeyFileProblem } from './key-file';

const key = demoKeyPair('key-file', 0);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemOf(path: string): KeyFileProblem | 'ok' {
  try {
    readKeyFile(path);
  } catch (error) {
    if (error instanceof KeyFileError) return error.problem;
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

describe('key files', () => {
  it('write JSON with the hex keys, mode 0600, and read back the same key pair', () => {
    const path = join(dir, 'node.key');
    writeKeyFile(path, key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      secretKey: bytesToHex(key.secretKey),
      publicKey: bytesToHex(key.publicKey),
    });
    expect(readKeyFile(path)).toEqual(key);
    // Atomic write: nothing but the key file is left behind, and rewriting replaces it.
    writeKeyFile(path, demoKeyPair('key-file', 1));
    expect(readdirSync(dir)).toEqual(['node.key']);
    expect(readKeyFile(path)).toEqual(demoKeyPair('key-file', 1));
  });

  it('say the file is missing, or not a file', () => {
    expect(problemOf(join(dir, 'absent.key'))).toBe('missing');
    expect(problemOf(dir)).toBe('unreadable');
  });

  it('refuse a file that group or others can read', () => {
    const path = join(dir, 'open.key');
    writeKeyFile(path, key);
    chmodSync(path, 0o644);
    expect(problemOf(path)).toBe('insecurePermissions');
    expect(() => readKeyFile(path)).toThrow(/chmod 600/);
  });

  it('say a file is not JSON', () => {
    expect(problemOf(writeRaw('a.key', 'secretKey=0x01'))).toBe('notJson');
  });

  it('refuse a bad or missing secret key', () => {
    const cases = [
      '{}',
      '[]',
      '{"secretKey": 12}',
      '{"secretKey": "0x1234"}',
      `{"secretKey": "0x${'ff'.repeat(32)}"}`,
      `{"secretKey": "0x${'00'.repeat(32)}"}`,
      `{"secretKey": "${bytesToHex(key.secretKey)}", "publicKey": 7}`,
    ];
    cases.forEach((text, i) => expect([text, problemOf(writeRaw(`${i}.key`, text))]).toEqual([text, 'badKey']));
    // The schema's issues name the field that is wrong.
    expect(() => readKeyFile(writeRaw('short.key', '{"secretKey": "0x1234"}'))).toThrow(/\/secretKey/);
    expect(() =>
      readKeyFile(writeRaw('pub.key', `{"secretKey": "${bytesToHex(key.secretKey)}", "publicKey": 7}`)),
    ).toThrow(/\/publicKey/);
  });

  it("refuse a public key that is not the secret key's", () => {
    const text = JSON.stringify({
      secretKey: bytesToHex(key.secretKey),
      publicKey: bytesToHex(demoKeyPair('x', 0).publicKey),
    });
    expect(problemOf(writeRaw('m.key', text))).toBe('publicKeyMismatch');
    expect(problemOf(writeRaw('n.key', JSON.stringify({ secretKey: bytesToHex(key.secretKey) })))).toBe('ok');
  });

  it('say a path that cannot be written', () => {
    expect(() => writeKeyFile(join(dir, 'no', 'such', 'dir.key'), key)).toThrow(
      expect.objectContaining({ problem: 'unwritable' }),
    );
  });
});
