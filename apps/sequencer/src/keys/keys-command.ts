import { ConfigError, ExitCode, runCommand, type FlagValues } from '@hotshot/config';
import {
  encryptKeystore,
  generateKeyPair,
  keystorePublicKey,
  readKeyFile,
  readKeystoreFile,
  writeKeystoreFile,
  type BlsKeyPair,
  type Keystore,
} from '@hotshot/crypto';
import { resolveKeystorePassword } from './keystore-flags';
import { keysImportFlags, keysNewFlags, keysShowFlags } from './keys.flags';

/** Where the `keys` commands write: stdout for results, stderr for usage. */
export interface KeysOutput {
  write(text: string): void;
  writeError(text: string): void;
}

const USAGE = `Usage: sequencer keys <command> [flags]

Manages the node's BLS key as an EIP-2335 keystore (encrypted JSON; run the node with --keystore).

Commands:
  new     generate a new BLS key and write it to an encrypted keystore (--out)
  import  encrypt an existing plaintext key file (--key-file) into a keystore (--out)
  show    print a keystore's public key and metadata, never the secret (needs no password)

The password comes from --password-file or SEQUENCER_KEYSTORE_PASSWORD, never the command line.
Run 'sequencer keys <command> --help' for its flags.
`;

const defaultOutput: KeysOutput = {
  write: (text) => process.stdout.write(text),
  writeError: (text) => process.stderr.write(text),
};

/** Runs `sequencer keys <command> ...`; `argv` starts after `keys`. Sets process.exitCode as runCommand does. */
export async function runKeysCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  output: KeysOutput = defaultOutput,
): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'new':
      return runCommand(
        {
          name: 'sequencer keys new',
          summary:
            'Generates a new BLS12-381 key and writes it as an EIP-2335 keystore (AES-128-CTR under a key derived from the password) with mode 0600; prints the public key. The password comes from --password-file or SEQUENCER_KEYSTORE_PASSWORD.',
          examples: ['SEQUENCER_KEYSTORE_PASSWORD=... sequencer keys new --out ./node0.keystore.json'],
        },
        keysNewFlags,
        async (flags) => output.write(created(newKeystore(generateKeyPair(), flags), flags.out)),
        rest,
        env,
      );
    case 'import':
      return runCommand(
        {
          name: 'sequencer keys import',
          summary:
            "Encrypts a plaintext key file (today's --key-file JSON) into an EIP-2335 keystore with mode 0600 and prints its public key; the key file is left in place. The password comes from --password-file or SEQUENCER_KEYSTORE_PASSWORD.",
          examples: [
            'sequencer keys import --key-file ./node0.key.json --out ./node0.keystore.json --password-file ./node0.password',
          ],
        },
        keysImportFlags,
        async (flags) => output.write(created(newKeystore(readKeyFile(flags['key-file']), flags), flags.out)),
        rest,
        env,
      );
    case 'show': {
      const files = rest.filter((arg) => !arg.startsWith('-'));
      return runCommand(
        {
          name: 'sequencer keys show',
          summary:
            "sequencer keys show FILE: prints the keystore's public key (as the file names it; decrypting checks it) and its metadata (uuid, path, description, KDF and its parameters) as JSON. Never the secret; needs no password.",
          examples: ['sequencer keys show ./node0.keystore.json'],
        },
        keysShowFlags,
        async () => {
          if (files.length !== 1) throw new ConfigError('give exactly one keystore file: sequencer keys show FILE');
          output.write(`${JSON.stringify(describeKeystore(files[0]!), null, 2)}\n`);
        },
        rest.filter((arg) => arg.startsWith('-')),
        env,
      );
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      output.write(USAGE);
      process.exitCode = command === undefined ? ExitCode.usage : ExitCode.ok;
      return;
    default:
      output.writeError(`sequencer keys: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      process.exitCode = ExitCode.usage;
  }
}

function newKeystore(keyPair: BlsKeyPair, flags: FlagValues<typeof keysNewFlags>): Keystore {
  const password = resolveKeystorePassword(flags['password-file'], flags.password, '--password-file');
  const keystore = encryptKeystore(keyPair, password, { kdf: flags.kdf, description: flags.description });
  writeKeystoreFile(flags.out, keystore);
  return keystore;
}

function created(keystore: Keystore, path: string): string {
  return `${JSON.stringify({ keystore: path, publicKey: keystorePublicKey(keystore), uuid: keystore.uuid })}\n`;
}

/** What `keys show` prints: everything but the encrypted secret, its checksum and the salt and IV. */
export function describeKeystore(path: string): Record<string, unknown> {
  const keystore = readKeystoreFile(path, { requirePrivate: false });
  const { salt: _salt, ...kdfParams } = keystore.crypto.kdf.params;
  return {
    keystore: path,
    publicKey: keystorePublicKey(keystore) ?? null,
    uuid: keystore.uuid,
    path: keystore.path,
    description: keystore.description ?? '',
    version: keystore.version,
    kdf: { function: keystore.crypto.kdf.function, params: kdfParams },
    cipher: keystore.crypto.cipher.function,
    checksum: keystore.crypto.checksum.function,
  };
}
