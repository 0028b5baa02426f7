import { booleanFlag, intFlag, optionalStringFlag, optionalUrlFlag } from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';
import { startupTimeoutFlag } from '../startup-timeout.flag';
import { DEFAULT_DEMO_PORTS, DEMO_ROLLUP_NAMESPACE } from '../demo-services';

/** The dev API's default port. */
export const DEFAULT_DEV_PORT = 50010;

/** Flags of `hotshot-demo dev`. */
export const devFlags = {
  'l1-url': optionalUrlFlag({
    env: 'DEV_L1_URL',
    description:
      'An existing L1 JSON-RPC endpoint to deploy the contracts to and post on, instead of starting anvil; it needs the EIP-2537 BLS precompiles (Prague) and --l1-key or --l1-key-file.',
    protocols: L1_URL_PROTOCOLS,
  }),
  'l1-key': optionalStringFlag({
    env: 'DEV_L1_KEY',
    description:
      "Hex private key of the L1 account that deploys the contracts and posts to HotShot.sol; prefer the variable to the flag, which ps shows. Required with --l1-url; on anvil, anvil's accounts 0 (deploy) and 1 (posting) when unset.",
    placeholder: '<hex>',
  }),
  'l1-key-file': optionalStringFlag({
    env: 'DEV_L1_KEY_FILE',
    description: 'File holding that key instead (hex, or JSON with privateKey; mode 0600).',
    placeholder: '<path>',
  }),
  'allow-demo-keys': booleanFlag({
    env: 'DEV_ALLOW_DEMO_KEYS',
    description:
      "With --l1-url on a chain other than anvil's (31337): deploy anyway. The dev node's sequencer signs with a public demo key, so anyone can advance its HotShot.sol.",
  }),
  'l1-port': intFlag({
    env: 'DEV_L1_PORT',
    description: "Anvil's port (unused with --l1-url).",
    default: DEFAULT_DEMO_PORTS.l1,
    min: 1,
    max: 65535,
    placeholder: '<port>',
  }),
  'base-port': intFlag({
    env: 'DEV_BASE_PORT',
    description: "The CDN broker's port; the sequencer serves its API (and /healthz, /dashboard) on base+1.",
    default: DEFAULT_DEMO_PORTS.base,
    min: 1,
    max: 65534,
    placeholder: '<port>',
  }),
  'dev-port': intFlag({
    env: 'DEV_PORT',
    description: 'Port of the dev API: GET /dev/info, POST /dev/hotshot-down, POST /dev/hotshot-up.',
    default: DEFAULT_DEV_PORT,
    min: 1,
    max: 65535,
    placeholder: '<port>',
  }),
  namespace: intFlag({
    env: 'DEV_NAMESPACE',
    description: 'The namespace ZkEvmRollup.sol is deployed for.',
    default: DEMO_ROLLUP_NAMESPACE,
    min: 0,
    max: 0xffffffff,
    placeholder: '<uint32>',
  }),
  'run-dir': optionalStringFlag({
    env: 'DEV_RUN_DIR',
    description:
      "Directory for the logs, the data directories and deployment.json (default a new one in the temp dir); run again with the same one to keep the sequencer's chain (a new anvil gets the contracts again).",
    placeholder: '<dir>',
  }),
  'startup-timeout': startupTimeoutFlag('DEV_STARTUP_TIMEOUT'),
} as const;
