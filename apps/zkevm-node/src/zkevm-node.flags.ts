import { booleanFlag, enumFlag, intFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';

/** Flags of `zkevm-node`: where to derive the rollup from, and where to serve its JSON-RPC. */
export const zkevmNodeFlags = {
  phase: enumFlag({
    env: 'ZKEVM_PHASE',
    description:
      '1 derives from the full batches on L1; 2 from the batch commitments on L1 plus the data from --sequencer-url, checked against them; 3 is integrated: the node posts the batch commitments and its state roots itself (needs an L1 key) and executes from the stream.',
    default: '1',
    values: ['1', '2', '3'] as const,
  }),
  integrated: booleanFlag({
    env: 'ZKEVM_INTEGRATED',
    description: 'Phase III, the same as --phase 3 (cannot be combined with --phase 2).',
  }),
  preconf: booleanFlag({
    env: 'ZKEVM_PRECONF',
    description:
      "Execute heights from the sequencer's stream as they are decided, before L1 has them, and check each against L1 when it does (phase 3 always does).",
  }),
  'l1-key-file': optionalStringFlag({
    env: 'ZKEVM_L1_KEY_FILE',
    description: 'Phase 3: file holding the hex private key of the L1 account that posts (or set ZKEVM_L1_KEY).',
    placeholder: '<path>',
  }),
  'l1-key': optionalStringFlag({
    env: 'ZKEVM_L1_KEY',
    description: 'Phase 3: hex private key of the L1 account; prefer the variable to the flag, which ps shows.',
    placeholder: '<hex>',
  }),
  'l1-url': urlFlag({
    env: 'ZKEVM_L1_URL',
    description: 'L1 JSON-RPC endpoint the rollup is derived from.',
    protocols: L1_URL_PROTOCOLS,
  }),
  deployment: stringFlag({
    env: 'ZKEVM_DEPLOYMENT',
    description: 'Deployment JSON with the contract addresses (written by the deploy step).',
    default: './deployment.json',
    placeholder: '<path>',
  }),
  namespace: intFlag({
    env: 'ZKEVM_NAMESPACE',
    description: "The rollup's namespace id (must match the deployment's).",
    default: 1,
    min: 0,
    max: 0xffffffff,
    placeholder: '<uint32>',
  }),
  'sequencer-url': urlFlag({
    env: 'ZKEVM_SEQUENCER_URL',
    description:
      "A sequencer node's HTTP API, where eth_sendRawTransaction submits under the namespace (and, in phase 2, where batch data comes from).",
    protocols: ['http:', 'https:'],
  }),
  'chain-id': intFlag({
    env: 'ZKEVM_CHAIN_ID',
    description: 'The L2 chain id; transactions signed for another chain are skipped.',
    default: 1001,
    min: 1,
    max: 0xffffffff,
  }),
  'engine-port': intFlag({
    env: 'ZKEVM_ENGINE_PORT',
    description: 'Port of the L2 execution engine (anvil) the node starts; 0 picks a free one.',
    default: 0,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'rpc-port': intFlag({
    env: 'ZKEVM_RPC_PORT',
    description:
      "Port of the rollup's L2 JSON-RPC for users and wallets, which also answers GET /metrics and GET /healthz.",
    default: 8547,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'rpc-host': stringFlag({
    env: 'ZKEVM_RPC_HOST',
    description: 'Address the L2 JSON-RPC binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'poll-interval-ms': intFlag({
    env: 'ZKEVM_POLL_INTERVAL_MS',
    description:
      "Milliseconds between looks at L1 (newly sequenced batches, verified state roots; in phase 3 HotShot.sol's next height), the longest wait for the sequencer's next block, and the pause before retrying a failed height.",
    default: 1000,
    min: 10,
    max: 600_000,
  }),
  'log-level': enumFlag({
    env: 'ZKEVM_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
} as const;
