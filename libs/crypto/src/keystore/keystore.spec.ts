import { bytesToHex, hexToBytes } from 'viem';
import { demoKeyPair, keyPairFromSecretKey } from '../bls/bls';
import {
  KeystoreError,
  decodeKeystore,
  decryptKeystore,
  encryptKeystore,
  keystorePasswordBytes,
  keystorePublicKey,
  parseKeystore,
  type KeystoreProblem,
} from './keystore';

/** The test vectors published in EIP-2335 ("Test Cases"): one keystore per KDF, same secret and password. */
const VECTOR_PASSWORD =
  '\u{1d531}\u{1d522}\u{1d530}\u{1d531}\u{1d52d}\u{1d51e}\u{1d530}\u{1d530}\u{1d534}\u{1d52c}\u{1d52f}\u{1d521}\u{1f511}';
const VECTOR_SECRET = '0x000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
const VECTOR_PUBKEY =
  '9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07';
const VECTOR_SALT = 'd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';
const VECTOR_IV = '264daa3f303d7259501c93d997d84fe6';
const SCRYPT_VECTOR = {
  crypto: {
    kdf: { function: 'scrypt', params: { dklen: 32, n: 262144, p: 1, r: 8, salt: VECTOR_SALT }, message: '' },
    checksum: {
      function: 'sha256',
      params: {},
      message: 'd2217fe5f3e9a1e34581ef8a78f7c9928e436d36dacc5e846690a5581e8ea484',
    },
    cipher: {
      function: 'aes-128-ctr',
      params: { iv: VECTOR_IV },
      message: '06ae90d55fe0a6e9c5c3bc5b170827b2e5cce3929ed3f116c2811e6366dfe20f',
    },
  },
  description: 'This is a test keystore that uses scrypt to secure the secret.',
  pubkey: VECTOR_PUBKEY,
  path: 'm/12381/60/3141592653/589793238',
  uuid: '1d85ae20-35c5-4611-98e8-aa14a633906f',
  version: 4,
};
const PBKDF2_VECTOR = {
  crypto: {
    kdf: {
      function: 'pbkdf2',
      params: { dklen: 32, c: 262144, prf: 'hmac-sha256', salt: VECTOR_SALT },
      message: '',
    },
    checksum: {
      function: 'sha256',
      params: {},
      message: '8a9f5d9912ed7e75ea794bc5a89bca5f193721d30868ade6f73043c6ea6febf1',
    },
    cipher: {
      function: 'aes-128-ctr',
      params: { iv: VECTOR_IV },
      message: 'cee03fde2af33149775b7223e7845e4fb2c8ae1792e5f99fe9ecf474cc8c16ad',
    },
  },
  description: 'This is a test keystore that uses PBKDF2 to secure the secret.',
  pubkey: VECTOR_PUBKEY,
  path: 'm/12381/60/0/0',
  uuid: '64625def-3331-4eea-ab6f-782f3ed16a83',
  version: 4,
};

/** Cheap KDF strengths for round trips; the vectors run at full strength. */
const CHEAP = { n: 2 ** 10, r: 8, p: 1, c: 2 ** 10 };
const key = demoKeyPair('keystore', 0);

function problemOf(run: () => unknown): KeystoreProblem | 'ok' {
  try {
    run();
  } catch (error) {
    if (error instanceof KeystoreError) return error.problem;
    throw error;
  }
  return 'ok';
}

/** A keystore's JSON as plain objects, for tampering with any field of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reaches into fields the types forbid
type Json = any;

/** A deep copy of `value` with `edit` applied, for tampering. */
function edited(value: unknown, edit: (copy: Json) => void): unknown {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

describe('EIP-2335 keystores', () => {
  it("normalise the password as EIP-2335's vector encodes it, control codes removed", () => {
    expect(bytesToHex(keystorePasswordBytes(VECTOR_PASSWORD))).toBe('0x7465737470617373776f7264f09f9491');
    expect(keystorePasswordBytes('test\u0000pass\u007fword\u0085\u{1f511}\n')).toEqual(
      keystorePasswordBytes(VECTOR_PASSWORD),
    );
    expect(keystorePasswordBytes('a b').toString()).toBe('a b');
  });

  it.each([
    ['scrypt', SCRYPT_VECTOR],
    ['pbkdf2', PBKDF2_VECTOR],
  ])('decrypt the published %s vector to its secret and public key', (_kdf, vector) => {
    const keystore = decodeKeystore(vector, 'vector');
    const keyPair = decryptKeystore(keystore, VECTOR_PASSWORD, 'vector');
    expect(bytesToHex(keyPair.secretKey)).toBe(VECTOR_SECRET);
    expect(bytesToHex(keyPair.publicKey)).toBe(`0x${VECTOR_PUBKEY}`);
    expect(keystorePublicKey(keystore)).toBe(`0x${VECTOR_PUBKEY}`);
  });

  it.each([
    ['scrypt', SCRYPT_VECTOR],
    ['pbkdf2', PBKDF2_VECTOR],
  ] as const)('encrypt to the published %s vector given its salt, IV and uuid', (kdf, vector) => {
    const keystore = encryptKeystore(keyPairFromSecretKey(hexToBytes(VECTOR_SECRET)), VECTOR_PASSWORD, {
      kdf,
      salt: Buffer.from(VECTOR_SALT, 'hex'),
      iv: Buffer.from(VECTOR_IV, 'hex'),
      uuid: vector.uuid,
      path: vector.path,
      description: vector.description,
    });
    expect(JSON.parse(JSON.stringify(keystore))).toEqual(vector);
  });

  it.each(['scrypt', 'pbkdf2'] as const)('round-trip a key through %s with fresh salt, IV and uuid', (kdf) => {
    const a = encryptKeystore(key, 'correct horse', { kdf, kdfParams: CHEAP, description: 'node 0' });
    const b = encryptKeystore(key, 'correct horse', { kdf, kdfParams: CHEAP });
    expect(a.crypto.kdf.function).toBe(kdf);
    expect(a).toMatchObject({
      version: 4,
      path: '',
      description: 'node 0',
      pubkey: bytesToHex(key.publicKey).slice(2),
    });
    expect(a.uuid).not.toBe(b.uuid);
    expect(a.crypto.cipher.message).not.toBe(b.crypto.cipher.message);
    const reread = parseKeystore(JSON.stringify(a), 'node.keystore');
    expect(decryptKeystore(reread, 'correct horse', 'node.keystore')).toEqual(key);
  });

  it('uses the EIP-2335 strengths by default', () => {
    const keystore = encryptKeystore(key, 'pw', { kdf: 'pbkdf2' });
    expect(keystore.crypto.kdf.params).toMatchObject({ c: 262144, prf: 'hmac-sha256', dklen: 32 });
  });

  it('say a wrong password is wrong, with nothing of the key in the message', () => {
    const keystore = encryptKeystore(key, 'right', { kdfParams: CHEAP });
    expect(problemOf(() => decryptKeystore(keystore, 'wrong', 'node.keystore'))).toBe('wrongPassword');
    expect(() => decryptKeystore(keystore, 'wrong', 'node.keystore')).toThrow(/node.keystore: wrong password/);
  });

  it('refuse a tampered checksum, cipher message or public key', () => {
    const keystore = encryptKeystore(key, 'pw', { kdf: 'pbkdf2', kdfParams: CHEAP });
    const flip = (hex: string) => `${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`;
    const tamper = (edit: (copy: Json) => void) =>
      problemOf(() => decryptKeystore(decodeKeystore(edited(keystore, edit), 'k'), 'pw', 'k'));
    expect(tamper((k) => (k.crypto.checksum.message = flip(k.crypto.checksum.message)))).toBe('wrongPassword');
    expect(tamper((k) => (k.crypto.cipher.message = flip(k.crypto.cipher.message)))).toBe('wrongPassword');
    expect(tamper((k) => (k.crypto.kdf.params.salt = flip(k.crypto.kdf.params.salt)))).toBe('wrongPassword');
    expect(tamper((k) => (k.pubkey = bytesToHex(demoKeyPair('other', 0).publicKey).slice(2)))).toBe(
      'publicKeyMismatch',
    );
    expect(tamper((k) => delete k.pubkey)).toBe('ok');
  });

  it('refuse KDF parameters beyond the bounds before running the KDF', () => {
    const scrypt = (params: Record<string, unknown>) =>
      problemOf(() =>
        decodeKeystore(
          edited(SCRYPT_VECTOR, (k) => Object.assign(k.crypto.kdf.params, params)),
          'hostile',
        ),
      );
    const pbkdf2 = (params: Record<string, unknown>) =>
      problemOf(() =>
        decodeKeystore(
          edited(PBKDF2_VECTOR, (k) => Object.assign(k.crypto.kdf.params, params)),
          'hostile',
        ),
      );
    const started = Date.now();
    // Memory: 128·n·r bytes; 2^30 · 8 would be a terabyte.
    expect(scrypt({ n: 2 ** 30 })).toBe('badKdfParams');
    expect(scrypt({ r: 1024 })).toBe('badKdfParams');
    // Work: n·r·p, each within bounds but together 16 times the standard strength.
    expect(scrypt({ p: 16 })).toBe('badKdfParams');
    expect(scrypt({ n: 3 })).toBe('badKdfParams');
    expect(scrypt({ dklen: 64 })).toBe('badKdfParams');
    expect(scrypt({ n: 1.5 })).toBe('badKdfParams');
    expect(pbkdf2({ c: 2 ** 31 })).toBe('badKdfParams');
    expect(pbkdf2({ prf: 'hmac-sha512' })).toBe('badKdfParams');
    expect(pbkdf2({ salt: 'zz' })).toBe('badKdfParams');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(() =>
      decodeKeystore(
        edited(SCRYPT_VECTOR, (k) => (k.crypto.kdf.params.n = 2 ** 19)),
        'h',
      ),
    ).toThrow('h: scrypt params: /n');
    expect(scrypt({ n: 2 ** 17, r: 8, p: 2 })).toBe('ok');
    expect(() => encryptKeystore(key, 'pw', { kdfParams: { n: 2 ** 20 } })).toThrow(KeystoreError);
  });

  it('refuse what is not a version 4 keystore of a 32-byte secret', () => {
    const cases: unknown[] = [
      edited(SCRYPT_VECTOR, (k) => (k.version = 3)),
      edited(SCRYPT_VECTOR, (k) => delete k.crypto),
      edited(SCRYPT_VECTOR, (k) => (k.crypto.kdf.function = 'argon2')),
      edited(SCRYPT_VECTOR, (k) => (k.crypto.cipher.function = 'aes-256-cbc')),
      edited(SCRYPT_VECTOR, (k) => (k.crypto.cipher.message += '00')),
      edited(SCRYPT_VECTOR, (k) => (k.crypto.checksum.function = 'keccak256')),
      edited(SCRYPT_VECTOR, (k) => (k.uuid = 'not-a-uuid')),
      [],
    ];
    for (const value of cases) expect(problemOf(() => decodeKeystore(value, 'k'))).toBe('badFormat');
    expect(problemOf(() => parseKeystore('{', 'k'))).toBe('badFormat');
  });

  it('refuse an empty password for a new keystore', () => {
    expect(problemOf(() => encryptKeystore(key, '\n', { kdfParams: CHEAP }))).toBe('emptyPassword');
  });
});
