import { booleanFlag, intFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';

/** Flags of `hotshot-demo register`. */
export const registerFlags = {
  'l1-url': urlFlag({
    env: 'REGISTER_L1_URL',
    description: 'L1 JSON-RPC endpoint where StakeTable.sol lives (or is deployed).',
    protocols: L1_URL_PROTOCOLS,
  }),
  'stake-table': stringFlag({
    env: 'REGISTER_STAKE_TABLE',
    description:
      "StakeTable.sol's address. When no contract is there yet, it is deployed from the registering account, which must then deploy to exactly this address (its first transaction): so every service can be given the address before it exists.",
    placeholder: '<address>',
  }),
  'key-seed': stringFlag({
    env: 'REGISTER_KEY_SEED',
    description: 'The validators to register: demoKeyPair(seed, 0..nodes-1). Demo keys are public: demo only.',
    placeholder: '<seed>',
  }),
  nodes: intFlag({
    env: 'REGISTER_NODES',
    description: 'How many demo validators to register.',
    default: 5,
    min: 1,
    max: 1000,
  }),
  'stake-eth': intFlag({
    env: 'REGISTER_STAKE_ETH',
    description: 'Stake of each validator, in ETH; at least the contract minimum (--min-stake-eth when deploying).',
    default: 32,
    min: 1,
    max: 1_000_000,
  }),
  'min-stake-eth': intFlag({
    env: 'REGISTER_MIN_STAKE_ETH',
    description: 'When deploying StakeTable.sol: the least stake a validator registers with, in ETH.',
    default: 1,
    min: 1,
    max: 1_000_000,
  }),
  'exit-escrow-seconds': intFlag({
    env: 'REGISTER_EXIT_ESCROW_SECONDS',
    description: "When deploying StakeTable.sol: how long an exiting validator's stake stays locked.",
    default: 3600,
    min: 0,
    max: 365 * 24 * 3600,
  }),
  'allow-demo-keys': booleanFlag({
    env: 'REGISTER_ALLOW_DEMO_KEYS',
    description: "Register demo keys on an L1 other than anvil's (chain 31337): their secrets are public.",
  }),
  'l1-key-file': optionalStringFlag({
    env: 'REGISTER_L1_KEY_FILE',
    description:
      'File holding the hex private key of the account that deploys, stakes and registers (or REGISTER_L1_KEY).',
    placeholder: '<path>',
  }),
  'l1-key': optionalStringFlag({
    env: 'REGISTER_L1_KEY',
    description: 'Hex private key of the registering account; prefer the variable to the flag, which ps shows.',
    placeholder: '<hex>',
  }),
  'wait-seconds': intFlag({
    env: 'REGISTER_WAIT_SECONDS',
    description: 'How long to wait for L1 to answer, and for the registrations to be finalized, before giving up.',
    default: 180,
    min: 0,
    max: 3600,
  }),
} as const;
