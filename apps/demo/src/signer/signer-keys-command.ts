import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { warnIfDemoKeys, type FlagValues } from '@hotshot/config';
import {
  demoKeyPair,
  encryptKeystore,
  keystorePublicKey,
  publicKeyToHex,
  readKeystoreFile,
  readKeystorePasswordFile,
  writeKeystoreFile,
  writePrivateFile,
} from '@hotshot/crypto';
import { BaseError } from '@hotshot/protocol';
import type { Logger } from '@hotshot/telemetry';
import type { signerKeysFlags } from './signer-keys.flags';

/** What `hotshot-demo signer-keys` leaves in --out-dir, by name: what sequencer-signer and the nodes are given. */
export const SIGNER_FILES = {
  keystore: (index: number) => `node${index}.keystore.json`,
  password: 'keystore.password',
  clientSecret: 'client.secret',
  protectionDb: 'protection.db',
} as const;

/** A keystore already in --out-dir holds another key than the seed gives for its index. */
export class SignerKeystoreMismatchError extends BaseError {
  override name = 'SignerKeystoreMismatchError';
  constructor(file: string, expected: string, found: string) {
    super(`${file} holds another key than --key-seed gives for it; remove the directory or use its seed`, {
      details: { file, expected, found },
    });
  }
}

/**
 * `hotshot-demo signer-keys`: the files one sequencer-signer needs to hold every demo validator's key: an EIP-2335
 * keystore per key, the password that unlocks them and the secret its clients (the nodes) share, each mode 0600 and
 * the secrets random. Files already there are kept, so a restarted demo reuses them; a keystore for another key is
 * refused rather than silently replaced.
 */
export function signerKeysCommand(flags: FlagValues<typeof signerKeysFlags>, log: Logger): void {
  warnIfDemoKeys(log, '--key-seed', flags['key-seed']);
  const dir = flags['out-dir'];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dir, SIGNER_FILES.password);
  if (!existsSync(passwordFile)) writePrivateFile(passwordFile, `${randomBytes(24).toString('hex')}\n`, 'create');
  const password = readKeystorePasswordFile(passwordFile);
  const secretFile = join(dir, SIGNER_FILES.clientSecret);
  if (!existsSync(secretFile)) writePrivateFile(secretFile, `${randomBytes(32).toString('hex')}\n`, 'create');

  for (let index = 0; index < flags.nodes; index++) {
    const key = demoKeyPair(flags['key-seed'], index);
    const expected = publicKeyToHex(key.publicKey);
    const file = join(dir, SIGNER_FILES.keystore(index));
    if (existsSync(file)) {
      const found = keystorePublicKey(readKeystoreFile(file)) ?? 'none';
      if (found.toLowerCase() !== expected.toLowerCase()) throw new SignerKeystoreMismatchError(file, expected, found);
      continue;
    }
    writeKeystoreFile(file, encryptKeystore(key, password));
    log.info('keystore written', { index, publicKey: expected, file });
  }
  log.info('signer files ready', { dir, keys: flags.nodes });
}
