import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BaseError } from '@hotshot/protocol';
import { bytesToHex, hexToBytes, isHex } from 'viem';
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

/** The JSON a key file holds. */
interface KeyFileJson {
  readonly secretKey: string;
  readonly publicKey: string;
}

/**
 * Writes a key pair as JSON `{ "secretKey": "0x..", "publicKey": "0x.." }` with mode 0600, atomically: a
 * temporary file in the same directory is written, synced and renamed over `path`, so a crash never leaves a
 * half-written key. Throws KeyFileError (`unwritable`).
 */
export function writeKeyFile(path: string, keyPair: BlsKeyPair): void {
  const json: KeyFileJson = { secretKey: bytesToHex(keyPair.secretKey), publicKey: bytesToHex(keyPair.publicKey) };
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // O_EXCL: never write a secret through a file or link someone else placed there.
    const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      writeSync(fd, `${JSON.stringify(json, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (cause) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was created, or it is already gone.
    }
    throw new KeyFileError('unwritable', path, 'cannot write the key file', cause);
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
  const secretKey = field(json, 'secretKey');
  if (secretKey === undefined || secretKey.length !== 66) {
    throw new KeyFileError('badKey', path, '"secretKey" must be 32 bytes of 0x hex');
  }
  let keyPair: BlsKeyPair;
  try {
    keyPair = keyPairFromSecretKey(hexToBytes(secretKey));
  } catch (cause) {
    throw new KeyFileError('badKey', path, '"secretKey" is not a valid BLS secret key', cause);
  }
  const publicKey = field(json, 'publicKey');
  if (publicKey === undefined && typeof json === 'object' && json !== null && 'publicKey' in json) {
    throw new KeyFileError('badKey', path, '"publicKey" must be 0x hex');
  }
  if (publicKey !== undefined && publicKey.toLowerCase() !== bytesToHex(keyPair.publicKey)) {
    throw new KeyFileError('publicKeyMismatch', path, '"publicKey" is not the public key of "secretKey"');
  }
  return keyPair;
}

function field(json: unknown, name: keyof KeyFileJson): `0x${string}` | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const value = (json as Record<string, unknown>)[name];
  return typeof value === 'string' && isHex(value, { strict: true }) ? value : undefined;
}
