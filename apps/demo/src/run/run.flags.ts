import { booleanFlag, enumFlag, intFlag, numberFlag, optionalStringFlag } from '@hotshot/config';
import { startupTimeoutFlag } from '../startup-timeout.flag';
import { DEFAULT_DEMO_LOAD, DEFAULT_DEMO_PORTS } from '../demo-services';

/** Flags of `hotshot-demo run` (`npm run demo`). */
export const runFlags = {
  phase: enumFlag({
    env: 'DEMO_PHASE',
    description:
      'I: zkevm-adaptor posts full batches to L1 (basic) and the rollup node derives from them; II: the adaptor posts batch commitments only (offchain-da) and the node takes the data from a sequencer; III: integrated, no separate adaptor: the rollup node posts the batch commitments and its state roots (verifyBatches) itself.',
    default: '1',
    values: ['1', '2', '3'] as const,
  }),
  duration: intFlag({
    env: 'DEMO_DURATION',
    description: 'Seconds to run after the network is up, then stop and print a JSON summary; 0 runs until Ctrl-C.',
    default: 0,
    min: 0,
    max: 7 * 24 * 3600,
    placeholder: '<seconds>',
  }),
  'run-dir': optionalStringFlag({
    env: 'DEMO_RUN_DIR',
    description:
      'Directory for every process log, data directory and the deployment file (default a new one in the temp dir).',
    placeholder: '<dir>',
  }),
  'base-port': intFlag({
    env: 'DEMO_BASE_PORT',
    description:
      "CDN port; sequencer i serves its API on base+1+i, the poster and adaptor metrics on base+20, base+21, the rollup node's L2 JSON-RPC on base+22, the remote signer on base+23 and base+24.",
    default: DEFAULT_DEMO_PORTS.base,
    min: 1024,
    max: 65000,
  }),
  'l1-port': intFlag({
    env: 'DEMO_L1_PORT',
    description: "Anvil's port.",
    default: DEFAULT_DEMO_PORTS.l1,
    min: 1024,
    max: 65535,
  }),
  rate: numberFlag({
    env: 'DEMO_RATE',
    description: 'Rollup transactions per second from the load generator.',
    default: DEFAULT_DEMO_LOAD.rollupRate,
    min: 0,
    max: 10_000,
  }),
  'other-rate': numberFlag({
    env: 'DEMO_OTHER_RATE',
    description: 'Transactions per second to other namespaces (which must never reach the rollup).',
    default: DEFAULT_DEMO_LOAD.otherRate,
    min: 0,
    max: 10_000,
  }),
  'remote-signer': booleanFlag({
    env: 'DEMO_REMOTE_SIGNER',
    description:
      "Run one sequencer-signer (TCP on base+23, metrics on base+24) holding the five nodes' keystores, and have every node sign through it instead of in process.",
  }),
  'startup-timeout': startupTimeoutFlag('DEMO_STARTUP_TIMEOUT'),
} as const;
