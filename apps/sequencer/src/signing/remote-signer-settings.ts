import { ConfigError, type FlagValues } from '@hotshot/config';
import { parseEndpoint } from '@hotshot/cdn';
import { readSharedSecretFile } from '@hotshot/signer';
import { hexToBytes } from 'viem';
import type { sequencerFlags } from '../sequencer.flags';

/** Where the node's remote signer is, the secret it shares with it, and which of its keys is this node's. */
export interface RemoteSignerSettings {
  readonly host: string;
  readonly port: number;
  readonly secret: Uint8Array;
  /** This node's public key, 48 bytes compressed. */
  readonly publicKey: Uint8Array;
  /** The chain the requests name. */
  readonly chainId: bigint;
}

/** A compressed BLS public key as 0x hex. */
const PUBLIC_KEY_HEX = /^0x[0-9a-fA-F]{96}$/;

/**
 * The remote signer flags, or undefined without --remote-signer. With it, --remote-signer-secret-file,
 * --remote-signer-key and --chain-id are required and no key source may be given (the key is not in this process);
 * without it, its companions are refused rather than silently ignored. Throws ConfigError (exit 2), or
 * SharedSecretError for a secret file that is missing, too open or too short.
 */
export function remoteSignerSettings(values: FlagValues<typeof sequencerFlags>): RemoteSignerSettings | undefined {
  const endpoint = values['remote-signer'];
  const secretFile = values['remote-signer-secret-file'];
  const key = values['remote-signer-key'];
  const chainId = values['chain-id'];
  if (endpoint === undefined) {
    if (secretFile !== undefined || key !== undefined) {
      throw new ConfigError('--remote-signer-secret-file and --remote-signer-key go with --remote-signer');
    }
    return undefined;
  }
  const keyFlags = [
    values.keystore !== undefined && '--keystore',
    values['key-file'] !== undefined && '--key-file',
    (values['key-seed'] !== undefined || values['key-index'] !== undefined) && '--key-seed/--key-index',
  ].filter((flag) => flag !== false);
  if (keyFlags.length > 0) {
    throw new ConfigError(`--remote-signer holds the key: drop ${keyFlags.join(' and ')}`);
  }
  if (secretFile === undefined) throw new ConfigError('--remote-signer needs --remote-signer-secret-file');
  if (key === undefined || !PUBLIC_KEY_HEX.test(key)) {
    throw new ConfigError('--remote-signer needs --remote-signer-key, a 0x-prefixed 48-byte public key', {
      value: key,
    });
  }
  if (chainId === undefined) throw new ConfigError('--remote-signer needs --chain-id, which its requests name');
  let parsed;
  try {
    parsed = parseEndpoint(endpoint);
  } catch (cause) {
    throw new ConfigError('--remote-signer must be host:port', { value: endpoint }, cause);
  }
  return {
    host: parsed.host,
    port: parsed.port,
    secret: readSharedSecretFile(secretFile),
    publicKey: hexToBytes(key as `0x${string}`),
    chainId,
  };
}
