import { booleanFlag, intFlag, optionalStringFlag, optionalUrlFlag, stringFlag, urlFlag } from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';

/** Flags of `hotshot-demo deploy`. */
export const deployFlags = {
  'l1-url': urlFlag({
    env: 'DEPLOY_L1_URL',
    description: 'L1 JSON-RPC endpoint to deploy to.',
    protocols: L1_URL_PROTOCOLS,
  }),
  'sequencer-url': optionalUrlFlag({
    env: 'DEPLOY_SEQUENCER_URL',
    description: "A node's API: the stake table and chain id come from its /v0/config/hotshot (else from --key-seed).",
    protocols: ['http:', 'https:'],
  }),
  'key-seed': optionalStringFlag({
    env: 'DEPLOY_KEY_SEED',
    description:
      'Demo only, without --sequencer-url: the stake table of demoKeyPair(seed, 0..nodes-1), stake 1 each, in index order (right only when the nodes joined the CDN in that order; prefer --sequencer-url).',
    placeholder: '<seed>',
  }),
  'allow-demo-keys': booleanFlag({
    env: 'DEPLOY_ALLOW_DEMO_KEYS',
    description:
      "Accept --key-seed on an L1 other than anvil's (chain 31337): its keys are public, so only if you mean it.",
  }),
  nodes: intFlag({
    env: 'DEPLOY_NODES',
    description: 'With --key-seed: members of the stake table.',
    default: 5,
    min: 1,
    max: 1000,
  }),
  'chain-id': stringFlag({
    env: 'DEPLOY_CHAIN_ID',
    description: "With --key-seed: the sequencer network's chain id.",
    default: DEFAULT_CONSENSUS_CONFIG.chainId.toString(),
    placeholder: '<uint64>',
  }),
  namespace: intFlag({
    env: 'DEPLOY_NAMESPACE',
    description: "The rollup's namespace.",
    default: 1,
    min: 0,
    max: 0xffffffff,
    placeholder: '<uint32>',
  }),
  'start-height': intFlag({
    env: 'DEPLOY_START_HEIGHT',
    description: 'First HotShot height the rollup sequences.',
    default: 1,
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  }),
  out: stringFlag({
    env: 'DEPLOY_OUT',
    description: 'Where to write the deployment JSON.',
    default: './deployment.json',
    placeholder: '<path>',
  }),
  'l1-key-file': optionalStringFlag({
    env: 'DEPLOY_L1_KEY_FILE',
    description: 'File holding the hex private key of the deploying account (or set DEPLOY_L1_KEY).',
    placeholder: '<path>',
  }),
  'l1-key': optionalStringFlag({
    env: 'DEPLOY_L1_KEY',
    description: 'Hex private key of the deploying account; prefer the variable to the flag, which ps shows.',
    placeholder: '<hex>',
  }),
  'wait-seconds': intFlag({
    env: 'DEPLOY_WAIT_SECONDS',
    description: 'How long to wait for L1 and the node to answer before giving up.',
    default: 180,
    min: 0,
    max: 3600,
  }),
  force: booleanFlag({
    env: 'DEPLOY_FORCE',
    description: 'Deploy again even when --out names contracts that exist on this L1.',
  }),
} as const;
