import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BaseError, jsonSchema } from '@hotshot/protocol';
import { Type } from '@sinclair/typebox';
import { bytesToHex, hexToBytes } from 'viem';
import { keyPairFromSecretKey, type BlsKeyPair } from './bls/bls';

/** What is wrong with a key file. */
export type KeyFileProblem =
  'missing' | 'unreadable' | 'notJson' | 'badKey' | 'publicKeyMismatch' | 'insecurePermissions' | 'unwritable';

/** A key file cannot be read or written; `problem` says why, the message says what to do. */
export class KeyFileError extends BaseError {
  override name = 'KeyFileError';
  readonly problem: KeyFileProblem;
  constructor(problem: KeyFileProblem, path: string, message: string, cause?: unknown) {
    super(`key file ${path}: ${message}`, { details: { path, problem }, cause });
    this.problem = problem;
  }
}

/** The JSON a key file holds: the secret key, and optionally its public key (checked on load). */
const KeyFileJson = jsonSchema(
  Type.Object({
    secretKey: Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: '32 bytes of 0x hex' }),
    publicKey: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]*$', description: '0x hex' })),
  }),
);

/**
 * Writes a key pair as JSON `{ "secretKey": "0x..", "publicKey": "0x.." }` with mode 0600, atomically: a
 * temporary file in the same directory is written, synced and renamed over `path`, so a crash never leaves a
 * half-written key. Throws KeyFileError (`unwritable`).
 */
export function writeKeyFile(path: string, keyPair: BlsKeyPair): void {
  const json = { secretKey: bytesToHex(keyPair.secretKey), publicKey: bytesToHex(keyPair.publicKey) };
  try {
    writePrivateFile(path, `${JSON.stringify(json, null, 2)}\n`, 'replace');
  } catch (cause) {
    throw new KeyFileError('unwritable', path, 'cannot write the key file', cause);
  }
}

/**
 * Writes `text` to `path` with mode 0600 through a synced temporary file in the same directory, so a crash never
 * leaves half a secret. `replace` renames over an existing file; `create` links the file into place and fails with
 * EEXIST if `path` exists, so a key is never overwritten by accident. Throws the file system's error.
 */
export function writePrivateFile(path: string, text: string, mode: 'replace' | 'create'): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // O_EXCL: never write a secret through a file or link someone else placed there.
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode === 'replace') renameSync(temporary, path);
    else linkSync(temporary, path);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Renamed into place, never created, or already gone.
    }
  }
}

/** Why a private file other than a key file (a password, a shared secret) cannot be used. */
export interface PrivateFileRefusal {
  readonly problem: 'missing' | 'insecurePermissions' | 'unreadable';
  /** The reason, without the "key file <path>:" prefix, for the caller's own error to name its file. */
  readonly reason: string;
  readonly cause: KeyFileError;
}

/**
 * assertPrivateKeyFile for a file that holds some other secret: the refusal, or undefined when only its owner can
 * access it. One mapping for every such file, so each names the problem the same way.
 */
export function privateFileRefusal(path: string): PrivateFileRefusal | undefined {
  try {
    assertPrivateKeyFile(path);
    return undefined;
  } catch (cause) {
    if (!(cause instanceof KeyFileError)) throw cause;
    const problem =
      cause.problem === 'missing' || cause.problem === 'insecurePermissions' ? cause.problem : 'unreadable';
    return { problem, reason: cause.shortMessage.replace(/^key file [^:]*: /, ''), cause };
  }
}

/**
 * Checks that `path` is a regular file only its owner can access (mode 0600 or stricter), as every secret key file
 * must be: a key others can read lets anyone sign as this node. Throws KeyFileError (`missing`, `unreadable`,
 * `insecurePermissions`).
 */
export function assertPrivateKeyFile(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new KeyFileError(missing ? 'missing' : 'unreadable', path, missing ? 'does not exist' : 'cannot stat', cause);
  }
  if (!stats.isFile()) throw new KeyFileError('unreadable', path, 'is not a regular file');
  const mode = stats.mode;
  if ((mode & 0o077) !== 0) {
    throw new KeyFileError(
      'insecurePermissions',
      path,
      `mode ${(mode & 0o777).toString(8)} lets group or others access it; run chmod 600`,
    );
  }
}

/**
 * Reads a key file written by writeKeyFile. Refuses a file that group or others can read (a leaked consensus key
 * lets anyone sign as this node), and checks the public key against the secret key. Throws KeyFileError.
 */
export function readKeyFile(path: string): BlsKeyPair {
  assertPrivateKeyFile(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KeyFileError('unreadable', path, 'cannot read', cause);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KeyFileError('notJson', path, 'is not JSON', cause);
  }
  const checked = KeyFileJson.check(json);
  if (!checked.ok) throw new KeyFileError('badKey', path, checked.message);
  const { secretKey, publicKey } = checked.value;
  let keyPair: BlsKeyPair;
  try {
    keyPair = keyPairFromSecretKey(hexToBytes(secretKey as `0x${string}`));
  } catch (cause) {
    throw new KeyFileError('badKey', path, '"secretKey" is not a valid BLS secret key', cause);
  }
  if (publicKey !== undefined && publicKey.toLowerCase() !== bytesToHex(keyPair.publicKey)) {
    throw new KeyFileError('publicKeyMismatch', path, '"publicKey" is not the public key of "secretKey"');
  }
  return keyPair;
}
