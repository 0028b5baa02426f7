import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestAuthenticator, SharedSecretError, authenticateRequest, readSharedSecretFile } from './request-auth';

const secret = new TextEncoder().encode('s'.repeat(32));

describe('request authentication', () => {
  it('accepts a MAC under the secret once, and refuses a replay, another body, another secret or a stale time', () => {
    const authenticator = new RequestAuthenticator(secret, 30_000);
    const now = 1_000_000;
    const auth = authenticateRequest(secret, 'signer.sign', 'body', now);
    expect(authenticator.check('signer.sign', 'body', auth, now + 10)).toBeUndefined();
    expect(authenticator.check('signer.sign', 'body', auth, now + 20)).toBe('replayed');
    expect(
      authenticator.check('signer.sign', 'other', authenticateRequest(secret, 'signer.sign', 'body', now), now),
    ).toBe('unauthenticated');
    expect(
      authenticator.check('signer.public-keys', 'body', authenticateRequest(secret, 'signer.sign', 'body', now), now),
    ).toBe('unauthenticated');
    const wrong = authenticateRequest(new TextEncoder().encode('w'.repeat(32)), 'signer.sign', 'body', now);
    expect(authenticator.check('signer.sign', 'body', wrong, now)).toBe('unauthenticated');
    const stale = authenticateRequest(secret, 'signer.sign', 'body', now - 31_000);
    expect(authenticator.check('signer.sign', 'body', stale, now)).toBe('unauthenticated');
  });

  describe('readSharedSecretFile', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'signer-secret-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const write = (text: string, mode: number) => {
      const file = path.join(dir, `secret-${mode.toString(8)}-${text.length}`);
      writeFileSync(file, text);
      chmodSync(file, mode);
      return file;
    };
    const problemOf = (file: string) => {
      try {
        readSharedSecretFile(file);
      } catch (error) {
        if (error instanceof SharedSecretError) return error.problem;
        throw error;
      }
      return undefined;
    };

    it('reads a 0600 file without its trailing newline', () => {
      expect(readSharedSecretFile(write(`${'k'.repeat(40)}\n`, 0o600))).toEqual(
        new TextEncoder().encode('k'.repeat(40)),
      );
    });

    it('refuses a file others can read, a short secret and a missing file', () => {
      expect(problemOf(write('k'.repeat(40), 0o644))).toBe('insecurePermissions');
      expect(problemOf(write('k'.repeat(31), 0o600))).toBe('tooShort');
      expect(problemOf(path.join(dir, 'absent'))).toBe('missing');
    });
  });
});
