import {
  createCipheriv,
  createDecipheriv,
  createHash,
  pbkdf2Sync,
  randomBytes,
  randomUUID,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto';
import { BaseError, jsonSchema } from '@hotshot/protocol';
import { Type, type Static } from '@sinclair/typebox';
import { bytesToHex } from 'viem';
import { SECRET_KEY_BYTES, keyPairFromSecretKey, type BlsKeyPair } from '../bls/bls';

/** What is wrong with a keystore, its file or its password. */
export type KeystoreProblem =
  | 'missing'
  | 'unreadable'
  | 'insecurePermissions'
  | 'unwritable'
  | 'exists'
  | 'tooLarge'
  | 'badFormat'
  | 'badKdfParams'
  | 'emptyPassword'
  | 'wrongPassword'
  | 'badKey'
  | 'publicKeyMismatch';

/** A keystore cannot be read, written or decrypted; `problem` says why, the message says what to do. */
export class KeystoreError extends BaseError {
  override name = 'KeystoreError';
  readonly problem: KeystoreProblem;
  constructor(problem: KeystoreProblem, what: string, message: string, cause?: unknown) {
    super(`${what}: ${message}`, { details: { problem }, cause });
    this.problem = problem;
  }
}

/** The key derivation functions EIP-2335 names. */
export type KeystoreKdf = 'scrypt' | 'pbkdf2';

/**
 * The most a keystore's KDF may cost to run, so a hostile file cannot make the node spend minutes or gigabytes:
 * scrypt at most n = 2^18, r = 8 (256 MiB, the strength EIP-2335's vector and the staking tools use) and
 * n·r·p at most 2^21 (that strength's work); PBKDF2 at most 2^20 iterations (four times the usual 2^18).
 */
export const KEYSTORE_KDF_LIMITS = {
  scryptMaxN: 2 ** 18,
  scryptMaxR: 8,
  scryptMaxP: 16,
  scryptMaxWork: 2 ** 21,
  pbkdf2MaxC: 2 ** 20,
} as const;

/** The strengths new keystores get: EIP-2335's test vectors' (scrypt n = 2^18, r = 8, p = 1; PBKDF2 c = 2^18). */
export const KEYSTORE_DEFAULT_KDF_PARAMS = {
  scrypt: { n: 2 ** 18, r: 8, p: 1 },
  pbkdf2: { c: 2 ** 18 },
} as const;

/** Hex of `min` to `max` bytes, no `0x` (EIP-2335 writes bare hex). */
const hex = (min: number, max: number) => Type.String({ pattern: `^([0-9a-fA-F]{2}){${min},${max}}$` });

const KdfModule = Type.Object({
  function: Type.Union([Type.Literal('scrypt'), Type.Literal('pbkdf2')]),
  params: Type.Object({}),
  message: Type.Literal(''),
});

/** An EIP-2335 keystore (version 4) holding a 32-byte BLS secret key; the KDF's params are checked apart. */
const KeystoreSchema = Type.Object({
  crypto: Type.Object({
    kdf: KdfModule,
    checksum: Type.Object({
      function: Type.Literal('sha256'),
      params: Type.Object({}),
      message: hex(32, 32),
    }),
    cipher: Type.Object({
      function: Type.Literal('aes-128-ctr'),
      params: Type.Object({ iv: hex(16, 16) }),
      message: hex(SECRET_KEY_BYTES, SECRET_KEY_BYTES),
    }),
  }),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  pubkey: Type.Optional(Type.String({ pattern: '^(0x)?[0-9a-fA-F]{96}$' })),
  path: Type.String({ maxLength: 1024 }),
  uuid: Type.String({ pattern: '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$' }),
  version: Type.Literal(4),
});
const KeystoreJson = jsonSchema(KeystoreSchema);

/** scrypt's parameters, bounded by {@link KEYSTORE_KDF_LIMITS}. */
const ScryptParamsSchema = Type.Object({
  dklen: Type.Literal(32),
  n: Type.Integer({ minimum: 2, maximum: KEYSTORE_KDF_LIMITS.scryptMaxN }),
  r: Type.Integer({ minimum: 1, maximum: KEYSTORE_KDF_LIMITS.scryptMaxR }),
  p: Type.Integer({ minimum: 1, maximum: KEYSTORE_KDF_LIMITS.scryptMaxP }),
  salt: hex(1, 128),
});
const ScryptParams = jsonSchema(ScryptParamsSchema);

/** PBKDF2's parameters, bounded by {@link KEYSTORE_KDF_LIMITS}. */
const Pbkdf2ParamsSchema = Type.Object({
  dklen: Type.Literal(32),
  c: Type.Integer({ minimum: 1, maximum: KEYSTORE_KDF_LIMITS.pbkdf2MaxC }),
  prf: Type.Literal('hmac-sha256'),
  salt: hex(1, 128),
});
const Pbkdf2Params = jsonSchema(Pbkdf2ParamsSchema);

type KeystoreShape = Static<typeof KeystoreSchema>;

/** A keystore's KDF module with its params checked and bounded. */
export type KeystoreKdfModule =
  | { readonly function: 'scrypt'; readonly params: Static<typeof ScryptParamsSchema>; readonly message: '' }
  | { readonly function: 'pbkdf2'; readonly params: Static<typeof Pbkdf2ParamsSchema>; readonly message: '' };

/** An EIP-2335 keystore as its JSON reads, with the KDF's params checked and bounded. */
export type Keystore = Omit<KeystoreShape, 'crypto'> & {
  readonly crypto: Omit<KeystoreShape['crypto'], 'kdf'> & { readonly kdf: KeystoreKdfModule };
};

/**
 * Checks that `json` is an EIP-2335 keystore this node can decrypt within {@link KEYSTORE_KDF_LIMITS}, without
 * running its KDF. `what` names it in errors (a path). Throws KeystoreError (`badFormat`, `badKdfParams`).
 */
export function decodeKeystore(json: unknown, what: string): Keystore {
  const checked = KeystoreJson.check(json);
  if (!checked.ok) throw new KeystoreError('badFormat', what, `not an EIP-2335 keystore: ${checked.message}`);
  return { ...checked.value, crypto: { ...checked.value.crypto, kdf: checkKdf(checked.value.crypto.kdf, what) } };
}

/** The KDF module with its params checked against their schema and the work bound. Throws KeystoreError. */
function checkKdf(kdf: Static<typeof KdfModule>, what: string): KeystoreKdfModule {
  if (kdf.function === 'pbkdf2') {
    const params = Pbkdf2Params.check(kdf.params);
    if (!params.ok) throw new KeystoreError('badKdfParams', what, `pbkdf2 params: ${params.message}`);
    return { function: 'pbkdf2', params: params.value, message: '' };
  }
  const params = ScryptParams.check(kdf.params);
  if (!params.ok) throw new KeystoreError('badKdfParams', what, `scrypt params: ${params.message}`);
  const { n, r, p } = params.value;
  if ((n & (n - 1)) !== 0) throw new KeystoreError('badKdfParams', what, `scrypt n = ${n} is not a power of two`);
  if (n * r * p > KEYSTORE_KDF_LIMITS.scryptMaxWork) {
    throw new KeystoreError(
      'badKdfParams',
      what,
      `scrypt n·r·p = ${n * r * p} is more work than the ${KEYSTORE_KDF_LIMITS.scryptMaxWork} this node allows`,
    );
  }
  return { function: 'scrypt', params: params.value, message: '' };
}

/** Parses keystore JSON text; see {@link decodeKeystore}. Throws KeystoreError. */
export function parseKeystore(text: string, what: string): Keystore {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KeystoreError('badFormat', what, 'is not JSON', cause);
  }
  return decodeKeystore(json, what);
}

/**
 * The password's bytes as EIP-2335 defines them: NFKD-normalised, the C0 (0x00-0x1F), C1 (0x80-0x9F) and Delete
 * (0x7F) control codes removed, UTF-8 encoded. A trailing newline in a password file is therefore ignored.
 */
export function keystorePasswordBytes(password: string): Buffer {
  const kept = [...password.normalize('NFKD')].filter((char) => {
    const code = char.codePointAt(0)!;
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });
  return Buffer.from(kept.join(''), 'utf8');
}

/** What a new keystore is made with; the defaults are EIP-2335's strengths and fresh randomness. */
export interface EncryptKeystoreOptions {
  /** Default `scrypt`. */
  readonly kdf?: KeystoreKdf;
  /** Overrides {@link KEYSTORE_DEFAULT_KDF_PARAMS} (tests use cheaper ones); must stay within the limits. */
  readonly kdfParams?: { readonly n?: number; readonly r?: number; readonly p?: number; readonly c?: number };
  /** Default `""`. */
  readonly description?: string;
  /** The EIP-2334 derivation path, `""` (the default) when the key was not derived from a seed. */
  readonly path?: string;
  /** Fixed salt (32 bytes), IV (16 bytes) and uuid, for test vectors only; random by default. */
  readonly salt?: Uint8Array;
  readonly iv?: Uint8Array;
  readonly uuid?: string;
}

/**
 * Encrypts a BLS secret key into an EIP-2335 keystore: the decryption key from the password by scrypt or PBKDF2
 * (HMAC-SHA256), AES-128-CTR under its first 16 bytes, checksum SHA256(decryption key[16:32] | cipher message).
 * Runs the KDF synchronously (about a second at the default strength): for the CLI and a node's start.
 * Throws KeystoreError (`emptyPassword`, `badKdfParams`).
 */
export function encryptKeystore(keyPair: BlsKeyPair, password: string, options: EncryptKeystoreOptions = {}): Keystore {
  const passwordBytes = keystorePasswordBytes(password);
  if (passwordBytes.length === 0) {
    throw new KeystoreError('emptyPassword', 'new keystore', 'the password is empty (after removing control codes)');
  }
  const kdfName = options.kdf ?? 'scrypt';
  const salt = bytesToBareHex(options.salt ?? randomBytes(32));
  // Bounds checked before the KDF runs, as for a file: a keystore this code writes is one it can read.
  const kdf = checkKdf(
    {
      function: kdfName,
      params:
        kdfName === 'scrypt'
          ? { dklen: 32, ...KEYSTORE_DEFAULT_KDF_PARAMS.scrypt, ...pick(options.kdfParams, ['n', 'r', 'p']), salt }
          : {
              dklen: 32,
              ...KEYSTORE_DEFAULT_KDF_PARAMS.pbkdf2,
              ...pick(options.kdfParams, ['c']),
              prf: 'hmac-sha256',
              salt,
            },
      message: '',
    },
    'new keystore',
  );
  const iv = options.iv ?? randomBytes(16);
  const draft = {
    crypto: {
      kdf,
      checksum: { function: 'sha256' as const, params: {}, message: '' },
      cipher: { function: 'aes-128-ctr' as const, params: { iv: bytesToBareHex(iv) }, message: '' },
    },
    description: options.description ?? '',
    pubkey: bytesToBareHex(keyPair.publicKey),
    path: options.path ?? '',
    uuid: options.uuid ?? randomUUID(),
    version: 4 as const,
  };
  const decryptionKey = deriveKey(kdf, passwordBytes);
  const cipher = createCipheriv('aes-128-ctr', decryptionKey.subarray(0, 16), iv);
  const message = Buffer.concat([cipher.update(keyPair.secretKey), cipher.final()]);
  return {
    ...draft,
    crypto: {
      kdf,
      checksum: { ...draft.crypto.checksum, message: bytesToBareHex(checksumOf(decryptionKey, message)) },
      cipher: { ...draft.crypto.cipher, message: bytesToBareHex(message) },
    },
  };
}

/**
 * Decrypts a keystore checked by {@link decodeKeystore}: derives the decryption key, verifies the checksum (a
 * mismatch is a wrong password), decrypts the secret key and checks `pubkey` against it. `what` names it in
 * errors. Runs the KDF synchronously, bounded by {@link KEYSTORE_KDF_LIMITS}. Throws KeystoreError
 * (`wrongPassword`, `badKey`, `publicKeyMismatch`).
 */
export function decryptKeystore(keystore: Keystore, password: string, what: string): BlsKeyPair {
  const decryptionKey = deriveKey(keystore.crypto.kdf, keystorePasswordBytes(password));
  const message = Buffer.from(keystore.crypto.cipher.message, 'hex');
  const expected = Buffer.from(keystore.crypto.checksum.message, 'hex');
  if (!timingSafeEqual(checksumOf(decryptionKey, message), expected)) {
    throw new KeystoreError('wrongPassword', what, 'wrong password (the checksum does not match)');
  }
  const decipher = createDecipheriv(
    'aes-128-ctr',
    decryptionKey.subarray(0, 16),
    Buffer.from(keystore.crypto.cipher.params.iv, 'hex'),
  );
  const secretKey = Buffer.concat([decipher.update(message), decipher.final()]);
  let keyPair: BlsKeyPair;
  try {
    keyPair = keyPairFromSecretKey(new Uint8Array(secretKey));
  } catch (cause) {
    throw new KeystoreError('badKey', what, 'the decrypted secret is not a valid BLS secret key', cause);
  } finally {
    secretKey.fill(0);
  }
  if (keystore.pubkey !== undefined && normalizePubkey(keystore.pubkey) !== bytesToBareHex(keyPair.publicKey)) {
    throw new KeystoreError('publicKeyMismatch', what, '"pubkey" is not the public key of the encrypted secret');
  }
  return keyPair;
}

/** The public key a keystore names, as 0x hex, or undefined; unverified until the keystore is decrypted. */
export function keystorePublicKey(keystore: Keystore): `0x${string}` | undefined {
  return keystore.pubkey === undefined ? undefined : `0x${normalizePubkey(keystore.pubkey)}`;
}

function deriveKey(kdf: Keystore['crypto']['kdf'], password: Buffer): Buffer {
  const salt = Buffer.from(kdf.params.salt, 'hex');
  if (kdf.function === 'pbkdf2') return pbkdf2Sync(password, salt, kdf.params.c, 32, 'sha256');
  const { n, r, p } = kdf.params;
  // scrypt needs 128·n·r bytes; Node refuses above maxmem (32 MiB by default), so allow that plus slack.
  return scryptSync(password, salt, 32, { N: n, r, p, maxmem: 128 * n * r + 1024 * 1024 });
}

function checksumOf(decryptionKey: Buffer, cipherMessage: Uint8Array): Buffer {
  return createHash('sha256').update(decryptionKey.subarray(16, 32)).update(cipherMessage).digest();
}

function pick(
  values: EncryptKeystoreOptions['kdfParams'],
  names: readonly ('n' | 'r' | 'p' | 'c')[],
): Record<string, number> {
  const picked: Record<string, number> = {};
  for (const name of names) if (values?.[name] !== undefined) picked[name] = values[name];
  return picked;
}

function normalizePubkey(pubkey: string): string {
  return pubkey.replace(/^0x/, '').toLowerCase();
}

function bytesToBareHex(bytes: Uint8Array): string {
  return bytesToHex(bytes).slice(2);
}
