import { ConfigError } from '@hotshot/config';
import {
  KeystoreError,
  decryptKeystore,
  readKeystoreFile,
  readKeystorePasswordFile,
  type BlsKeyPair,
} from '@hotshot/crypto';
import { SIGNER_KEYSTORE_PASSWORD_ENV } from './sequencer-signer.flags';

/**
 * Unlocks every keystore in the comma-separated `keystores` with the one password, from the password file (mode
 * 0600) or the environment, exactly one of them. A wrong password or a missing source is a ConfigError (exit 2);
 * a keystore's other problems (permissions, format) are KeystoreErrors (exit 1).
 */
export function unlockKeystores(
  keystores: string,
  passwordFile: string | undefined,
  passwordFromEnv: string | undefined,
): BlsKeyPair[] {
  const paths = keystores
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path !== '');
  if (paths.length === 0) throw new ConfigError('--keystores names no file');
  if (passwordFile !== undefined && passwordFromEnv !== undefined) {
    throw new ConfigError(`give the password by --keystore-password-file or ${SIGNER_KEYSTORE_PASSWORD_ENV}, not both`);
  }
  if (passwordFile === undefined && passwordFromEnv === undefined) {
    throw new ConfigError(
      `a keystore password is required: --keystore-password-file <path>, or set ${SIGNER_KEYSTORE_PASSWORD_ENV}`,
    );
  }
  const password = passwordFile !== undefined ? readKeystorePasswordFile(passwordFile) : passwordFromEnv!;
  return paths.map((path) => {
    const keystore = readKeystoreFile(path);
    try {
      return decryptKeystore(keystore, password, `keystore ${path}`);
    } catch (error) {
      if (error instanceof KeystoreError && error.problem === 'wrongPassword') {
        throw new ConfigError(error.shortMessage, { problem: error.problem }, error);
      }
      throw error;
    }
  });
}
