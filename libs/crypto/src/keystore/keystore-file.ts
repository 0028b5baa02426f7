import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { privateFileRefusal, writePrivateFile } from '../key-file';
import { KeystoreError, parseKeystore, type Keystore } from './keystore';

/** The largest keystore file read (EIP-2335 keystores are under 2 KB): a hostile path cannot fill memory. */
export const KEYSTORE_FILE_MAX_BYTES = 64 * 1024;
/** The largest password file read. */
export const PASSWORD_FILE_MAX_BYTES = 4 * 1024;

/**
 * Reads and checks a keystore file without decrypting it (see `decodeKeystore`). With `requirePrivate` (the
 * default, for a node about to decrypt it) a file group or others can access is refused, as key files are: its
 * password may be weak. Throws KeystoreError.
 */
export function readKeystoreFile(path: string, options: { readonly requirePrivate?: boolean } = {}): Keystore {
  const what = `keystore ${path}`;
  if (options.requirePrivate ?? true) assertPrivate(path, what);
  return parseKeystore(readBounded(path, what, KEYSTORE_FILE_MAX_BYTES), what);
}

/**
 * Writes a keystore as JSON with mode 0600, atomically, and never over an existing file (a key is never lost to
 * a typo). Throws KeystoreError (`exists`, `unwritable`).
 */
export function writeKeystoreFile(path: string, keystore: Keystore): void {
  try {
    writePrivateFile(path, `${JSON.stringify(keystore, null, 2)}\n`, 'create');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeystoreError('exists', `keystore ${path}`, 'already exists; choose another path', cause);
    }
    throw new KeystoreError('unwritable', `keystore ${path}`, 'cannot write the keystore', cause);
  }
}

/**
 * Reads a keystore password from a file only its owner can access (mode 0600 or stricter). The text is used as
 * written; EIP-2335's normalisation removes control codes, so a trailing newline does not count. Throws
 * KeystoreError (`missing`, `unreadable`, `insecurePermissions`, `tooLarge`).
 */
export function readKeystorePasswordFile(path: string): string {
  const what = `password file ${path}`;
  assertPrivate(path, what);
  return readBounded(path, what, PASSWORD_FILE_MAX_BYTES);
}

function assertPrivate(path: string, what: string): void {
  const refused = privateFileRefusal(path);
  if (refused) throw new KeystoreError(refused.problem, what, refused.reason, refused.cause);
}

/** Reads at most `maxBytes` of UTF-8 through one descriptor, refusing a longer file rather than truncating it. */
function readBounded(path: string, what: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new KeystoreError(
      missing ? 'missing' : 'unreadable',
      what,
      missing ? 'does not exist' : 'cannot open',
      cause,
    );
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new KeystoreError('unreadable', what, 'is not a regular file');
    if (stats.size > maxBytes) {
      throw new KeystoreError('tooLarge', what, `is ${stats.size} bytes, more than the ${maxBytes} allowed`);
    }
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new KeystoreError('tooLarge', what, `is more than the ${maxBytes} bytes allowed`);
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (cause) {
    if (cause instanceof KeystoreError) throw cause;
    throw new KeystoreError('unreadable', what, 'cannot read', cause);
  } finally {
    closeSync(fd);
  }
}
