import { ConfigError, type FlagValues } from '@hotshot/config';
import {
  KeystoreError,
  decryptKeystore,
  demoKeyPair,
  publicKeyToHex,
  readKeyFile,
  readKeystoreFile,
  type BlsKeyPair,
} from '@hotshot/crypto';
import type { JsonLogger } from '@hotshot/telemetry';
import type { sequencerFlags } from '../sequencer.flags';
import { resolveKeystorePassword } from './keystore-flags';

/** Where a node's key comes from: the flags that name it. */
export interface NodeKeyFlags {
  readonly keystore: string | undefined;
  readonly keystorePasswordFile: string | undefined;
  readonly keystorePassword: string | undefined;
  readonly keyFile: string | undefined;
  readonly keySeed: string | undefined;
  readonly keyIndex: number | undefined;
}

/** Picks the key flags out of the node's flags. */
export function nodeKeyFlags(values: FlagValues<typeof sequencerFlags>): NodeKeyFlags {
  return {
    keystore: values.keystore,
    keystorePasswordFile: values['keystore-password-file'],
    keystorePassword: values['keystore-password'],
    keyFile: values['key-file'],
    keySeed: values['key-seed'],
    keyIndex: values['key-index'],
  };
}

/**
 * Loads the node's key from exactly one source: an EIP-2335 keystore (refused unless only its owner can read it,
 * as is its password file), a plaintext key file, or a demo seed with an index. A wrong password is a ConfigError
 * (exit 2, like a bad flag); a keystore's other problems are KeystoreErrors (exit 1).
 */
export function loadNodeKey(flags: NodeKeyFlags): BlsKeyPair {
  const sources = [
    flags.keystore !== undefined && '--keystore',
    flags.keyFile !== undefined && '--key-file',
    (flags.keySeed !== undefined || flags.keyIndex !== undefined) && '--key-seed with --key-index',
  ].filter((source) => source !== false);
  if (sources.length > 1) throw new ConfigError(`give one key source, not ${sources.join(' and ')}`);
  if (flags.keystore !== undefined) {
    const keystore = readKeystoreFile(flags.keystore);
    const password = resolveKeystorePassword(
      flags.keystorePasswordFile,
      flags.keystorePassword,
      '--keystore-password-file',
    );
    try {
      return decryptKeystore(keystore, password, `keystore ${flags.keystore}`);
    } catch (error) {
      if (error instanceof KeystoreError && error.problem === 'wrongPassword') {
        throw new ConfigError(error.shortMessage, { problem: error.problem }, error);
      }
      throw error;
    }
  }
  if (flags.keystorePasswordFile !== undefined) {
    throw new ConfigError('--keystore-password-file goes with --keystore');
  }
  if (flags.keyFile !== undefined) return readKeyFile(flags.keyFile);
  if (flags.keySeed !== undefined && flags.keyIndex !== undefined) return demoKeyPair(flags.keySeed, flags.keyIndex);
  throw new ConfigError(
    'a key is required: --keystore (with --keystore-password-file or SEQUENCER_KEYSTORE_PASSWORD), --key-file, or --key-seed with --key-index for demos',
  );
}

/**
 * Logs which key the node runs with (its source and public key), and warns when it is a plaintext key file, with
 * the command that converts it to a keystore. `remoteSigner` names the signer that holds the key, if one does.
 */
export function logNodeKey(
  log: Pick<JsonLogger, 'info' | 'warn'>,
  flags: NodeKeyFlags,
  publicKey: Uint8Array,
  remoteSigner?: { readonly host: string; readonly port: number },
): void {
  if (remoteSigner) {
    const signer = `${remoteSigner.host}:${remoteSigner.port}`;
    log.info('node key', { source: 'remote signer', signer, publicKey: publicKeyToHex(publicKey) });
    return;
  }
  const source = flags.keystore !== undefined ? 'keystore' : flags.keyFile !== undefined ? 'key file' : 'demo seed';
  log.info('node key', { source, publicKey: publicKeyToHex(publicKey) });
  if (flags.keyFile === undefined) return;
  log.warn('the key file is not encrypted; convert it to a keystore and start with --keystore', {
    keyFile: flags.keyFile,
    convert: `sequencer keys import --key-file ${flags.keyFile} --out <keystore>`,
  });
}
