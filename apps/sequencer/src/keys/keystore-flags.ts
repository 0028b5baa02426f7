import { ConfigError, optionalStringFlag, type FlagDef } from '@hotshot/config';
import { readKeystorePasswordFile } from '@hotshot/crypto';

/** The environment variable a keystore's password may come from, for the node and the `keys` commands. */
export const KEYSTORE_PASSWORD_ENV = 'SEQUENCER_KEYSTORE_PASSWORD';

/**
 * A password taken from its environment variable only: on the command line it would show in `ps` and the shell's
 * history, so the flag form is refused with what to do instead.
 */
export function environmentOnlyPasswordFlag(alternative: string): FlagDef<string | undefined> {
  return {
    env: KEYSTORE_PASSWORD_ENV,
    description: `The keystore's password, from the environment only (a flag would show in ps); or use ${alternative}.`,
    placeholder: '<password>',
    default: undefined,
    optional: true,
    isSwitch: false,
    parse(raw, source) {
      if (source.startsWith('--')) {
        throw new ConfigError(
          `${source} would show the password in ps: set ${KEYSTORE_PASSWORD_ENV} or use ${alternative}`,
        );
      }
      return raw;
    },
  };
}

/** A file holding a keystore's password (mode 0600); its env twin names the file, not the password. */
export function passwordFileFlag(): FlagDef<string | undefined> {
  return optionalStringFlag({
    env: 'SEQUENCER_KEYSTORE_PASSWORD_FILE',
    description: `File holding the keystore's password (mode 0600; a trailing newline is ignored); or set ${KEYSTORE_PASSWORD_ENV}.`,
    placeholder: '<path>',
  });
}

/**
 * The keystore password from exactly one source: the password file (refused unless only its owner can read it)
 * or the environment. Throws ConfigError when there is none or both, KeystoreError for the file's problems.
 */
export function resolveKeystorePassword(
  file: string | undefined,
  fromEnv: string | undefined,
  fileFlag: string,
): string {
  if (file !== undefined && fromEnv !== undefined) {
    throw new ConfigError(`give the password by ${fileFlag} or ${KEYSTORE_PASSWORD_ENV}, not both`);
  }
  if (file !== undefined) return readKeystorePasswordFile(file);
  if (fromEnv !== undefined) return fromEnv;
  throw new ConfigError(`a keystore password is required: ${fileFlag} <path>, or set ${KEYSTORE_PASSWORD_ENV}`);
}
