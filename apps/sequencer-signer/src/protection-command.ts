import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, optionalStringFlag, runCommand, stringFlag } from '@hotshot/config';
import { ProtectionRecordError, SigningProtectionDb, exportInterchange, importInterchange } from '@hotshot/signer';
import type { Hex } from 'viem';
import { chainIdFlag, protectionDbFlag } from './sequencer-signer.flags';

const exportFlags = {
  'protection-db': protectionDbFlag,
  out: stringFlag({
    env: 'SIGNER_INTERCHANGE_OUT',
    description: 'Interchange JSON file to write (never over an existing file).',
    placeholder: '<path>',
  }),
  'public-keys': optionalStringFlag({
    env: 'SIGNER_EXPORT_PUBLIC_KEYS',
    description: "Comma-separated public keys (0x hex) whose record to export; every key's when unset.",
    placeholder: '<0x..[,0x..]>',
  }),
} as const;

const importFlags = {
  'protection-db': protectionDbFlag,
  'chain-id': chainIdFlag('SIGNER_CHAIN_ID'),
  file: stringFlag({
    env: 'SIGNER_INTERCHANGE_FILE',
    description: 'Interchange JSON file to merge in (it must name the same chain).',
    placeholder: '<path>',
  }),
} as const;

const PROTECTION_USAGE = `Usage: sequencer-signer protection export|import [flags]

Moves a signer's double-sign record between signers as interchange JSON.
'sequencer-signer protection export --help' and 'sequencer-signer protection import --help' list their flags.
`;

/**
 * `sequencer-signer protection export|import`: moves a key's double-sign record between signers in the
 * EIP-3076-style interchange JSON. Run it with the signer stopped (or on its file while it runs: SQLite serializes
 * the writes); import merges, keeping the maximum, so it never loosens what the target already refuses.
 */
export function runProtectionCommand(argv: readonly string[]): Promise<void> {
  const [action, ...rest] = argv;
  if (action === 'export') {
    return runCommand(
      {
        name: 'sequencer-signer protection export',
        summary:
          "Writes a signer's double-sign record (every (kind, view, digest) signed, and each vote kind's highest view) as interchange JSON, to import into another signer before it signs with the key.",
        examples: ['sequencer-signer protection export --protection-db ./signer.db --out ./protection.json'],
      },
      exportFlags,
      async (flags) => {
        const chainId = SigningProtectionDb.chainIdOf(flags['protection-db']);
        const db = SigningProtectionDb.open(flags['protection-db'], chainId);
        try {
          const keys = flags['public-keys']?.split(',').map((key) => key.trim() as Hex);
          const document = exportInterchange(db, keys);
          try {
            writeFileSync(flags.out, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
          } catch (cause) {
            throw new ProtectionRecordError(
              'unwritable',
              `cannot write ${flags.out} (it must not exist yet)`,
              {},
              cause,
            );
          }
          const records = document.data.reduce((sum, entry) => sum + entry.signed.length, 0);
          process.stdout.write(`${JSON.stringify({ exported: flags.out, keys: document.data.length, records })}\n`);
        } finally {
          db.close();
        }
        await Promise.resolve();
      },
      rest,
    );
  }
  if (action === 'import') {
    return runCommand(
      {
        name: 'sequencer-signer protection import',
        summary:
          "Merges an interchange JSON file into a signer's double-sign record (made if missing): records it lacks are added, each vote watermark becomes the larger, nothing held is loosened.",
        examples: [
          'sequencer-signer protection import --protection-db ./signer2.db --chain-id 31337 --file ./protection.json',
        ],
      },
      importFlags,
      async (flags) => {
        const db = SigningProtectionDb.open(flags['protection-db'], flags['chain-id']);
        try {
          let text: string;
          try {
            text = readFileSync(flags.file, 'utf8');
          } catch (cause) {
            throw new ProtectionRecordError('unreadable', `cannot read the interchange file ${flags.file}`, {}, cause);
          }
          const summary = importInterchange(db, text, `interchange file ${flags.file}`);
          process.stdout.write(`${JSON.stringify({ imported: flags.file, ...summary })}\n`);
        } finally {
          db.close();
        }
        await Promise.resolve();
      },
      rest,
    );
  }
  if (action === '--help' || action === '-h') {
    process.stdout.write(PROTECTION_USAGE);
    return Promise.resolve();
  }
  return Promise.reject(
    new ConfigError(`sequencer-signer protection needs 'export' or 'import', not ${JSON.stringify(action ?? '')}`),
  );
}
