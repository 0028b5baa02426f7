import { intFlag, stringFlag } from '@hotshot/config';

/** Flags of `hotshot-demo signer-keys`. */
export const signerKeysFlags = {
  'key-seed': stringFlag({
    env: 'SIGNER_KEYS_KEY_SEED',
    description:
      'The validators whose keystores to write: demoKeyPair(seed, 0..nodes-1). Demo keys are public: demo only.',
    placeholder: '<seed>',
  }),
  nodes: intFlag({
    env: 'SIGNER_KEYS_NODES',
    description: 'How many demo validators.',
    default: 5,
    min: 1,
    max: 1000,
  }),
  'out-dir': stringFlag({
    env: 'SIGNER_KEYS_OUT_DIR',
    description:
      "Directory for node<i>.keystore.json, the keystores' password file and the client secret (made if missing; files already there are kept).",
    placeholder: '<dir>',
  }),
} as const;
