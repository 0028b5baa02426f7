import { enumFlag, optionalStringFlag, stringFlag } from '@hotshot/config';
import { environmentOnlyPasswordFlag, passwordFileFlag } from './keystore-flags';

const out = stringFlag({
  env: 'SEQUENCER_KEYS_OUT',
  description: 'Where to write the keystore (mode 0600); an existing file is never overwritten.',
  placeholder: '<path>',
});
const kdf = enumFlag({
  env: 'SEQUENCER_KEYS_KDF',
  description: 'Key derivation: scrypt (n=2^18, r=8, p=1) or pbkdf2 (HMAC-SHA256, 2^18 iterations).',
  default: 'scrypt',
  values: ['scrypt', 'pbkdf2'] as const,
});
const description = optionalStringFlag({
  env: 'SEQUENCER_KEYS_DESCRIPTION',
  description: "The keystore's description field, to tell keystores apart (not secret; empty when unset).",
  placeholder: '<text>',
});

/** Flags of `sequencer keys new`. */
export const keysNewFlags = {
  out,
  kdf,
  description,
  'password-file': passwordFileFlag(),
  password: environmentOnlyPasswordFlag('--password-file'),
} as const;

/** Flags of `sequencer keys import`. */
export const keysImportFlags = {
  'key-file': stringFlag({
    env: 'SEQUENCER_KEY_FILE',
    description: 'The plaintext JSON key file to encrypt (mode 0600; it is left in place: delete it yourself).',
    placeholder: '<path>',
  }),
  ...keysNewFlags,
} as const;

/** Flags of `sequencer keys show` (the keystore is its one argument). */
export const keysShowFlags = {} as const;
