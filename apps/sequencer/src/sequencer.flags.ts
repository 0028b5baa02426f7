import {
  blsBackendFlag,
  booleanFlag,
  enumFlag,
  optionalChainIdFlag,
  intFlag,
  optionalIntFlag,
  optionalStringFlag,
  optionalUrlFlag,
  stringFlag,
  urlFlag,
} from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';
import { DEFAULT_STAKE_TABLE_MAX_SIZE } from '@hotshot/protocol';
import { environmentOnlyPasswordFlag, passwordFileFlag } from './keys/keystore-flags';

/** Flags of `sequencer`: where the CDN is, which key to use, where to keep data and serve the API. */
export const sequencerFlags = {
  'bls-backend': blsBackendFlag,
  'cdn-url': urlFlag({
    env: 'SEQUENCER_CDN_URL',
    description: 'The CDN broker, or the marshal of a scale-out CDN, to join.',
    protocols: ['tcp:'],
    placeholder: '<tcp://host:port>',
  }),
  'data-dir': stringFlag({
    env: 'SEQUENCER_DATA_DIR',
    description: 'Directory for the consensus safety store and the decided chain.',
    default: './data/sequencer',
    placeholder: '<dir>',
  }),
  storage: stringFlag({
    env: 'SEQUENCER_STORAGE',
    description: 'Where decided data and the safety state live: sqlite (a file in --data-dir) or a postgres:// URL.',
    default: 'sqlite',
    placeholder: '<sqlite|postgres://...>',
  }),
  'retention-blocks': optionalIntFlag({
    env: 'SEQUENCER_RETENTION_BLOCKS',
    description: 'Keep only the newest N decided blocks; older ones are pruned (the API answers 410 for them).',
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    placeholder: '<blocks>',
  }),
  'retention-age': optionalIntFlag({
    env: 'SEQUENCER_RETENTION_AGE',
    description: 'Prune decided blocks older than this many seconds (by header timestamp).',
    min: 1,
    max: 100 * 365 * 24 * 3600,
    placeholder: '<seconds>',
  }),
  archive: booleanFlag({
    env: 'SEQUENCER_ARCHIVE',
    description: 'Keep every decided block (the default when no retention is set); refuses retention flags.',
  }),
  'empty-block-interval-ms': intFlag({
    env: 'SEQUENCER_EMPTY_BLOCK_INTERVAL_MS',
    description:
      "While no block above the last decided one holds transactions, this node as leader waits this long after its parent block before proposing an empty one, so an idle network does not decide and store empty blocks as fast as it can; a transaction ends the wait at once. 0 never waits. At most a quarter of the network's view timeout (a longer value is lowered, with a warning).",
    default: 250,
    min: 0,
    max: 60_000,
    placeholder: '<ms>',
  }),
  'warm-start-gap': intFlag({
    env: 'SEQUENCER_WARM_START_GAP',
    description:
      'A node further behind than this many heights adopts a proven-decided leaf near the tip instead of fetching every block.',
    default: 256,
    min: 1,
    max: 1_000_000,
    placeholder: '<heights>',
  }),
  'warm-start-history': intFlag({
    env: 'SEQUENCER_WARM_START_HISTORY',
    description: 'Headers below the adopted leaf a warm start loads before the node votes.',
    default: 256,
    min: 1,
    max: 1_000_000,
    placeholder: '<heights>',
  }),
  keystore: optionalStringFlag({
    env: 'SEQUENCER_KEYSTORE',
    description:
      "EIP-2335 keystore with the node's BLS key (mode 0600; made by 'sequencer keys new' or 'keys import'); a wrong password exits 2.",
    placeholder: '<path>',
  }),
  'keystore-password-file': passwordFileFlag(),
  'keystore-password': environmentOnlyPasswordFlag('--keystore-password-file'),
  'key-file': optionalStringFlag({
    env: 'SEQUENCER_KEY_FILE',
    description:
      "Plaintext JSON key file with the BLS secret key (mode 0600); logs a warning: prefer --keystore ('sequencer keys import' converts it).",
    placeholder: '<path>',
  }),
  'key-seed': optionalStringFlag({
    env: 'SEQUENCER_KEY_SEED',
    description: 'Demo only: derive the key from this seed and --key-index.',
    placeholder: '<seed>',
  }),
  'key-index': optionalIntFlag({
    env: 'SEQUENCER_KEY_INDEX',
    description: 'Demo only: index of the derived key.',
    min: 0,
    max: 1_000_000,
    placeholder: '<index>',
  }),
  'remote-signer': optionalStringFlag({
    env: 'SEQUENCER_REMOTE_SIGNER',
    description:
      'A sequencer-signer to sign with instead of a key in this process: every vote, timeout, proposal, finality signature and CDN authentication goes to it over TCP, and it keeps its own double-sign record. Needs --remote-signer-secret-file, --remote-signer-key and --chain-id, and no key flag. A refused or unanswered request drops that message (logged, counted in sequencer_signing_refusals_total); the view times out and later views try again. Unset: the node signs in-process.',
    placeholder: '<host:port>',
  }),
  'remote-signer-secret-file': optionalStringFlag({
    env: 'SEQUENCER_REMOTE_SIGNER_SECRET_FILE',
    description:
      'File (mode 0600) holding the secret shared with the signer (its --client-secret-file), at least 32 bytes; every request carries an HMAC under it.',
    placeholder: '<path>',
  }),
  'remote-signer-key': optionalStringFlag({
    env: 'SEQUENCER_REMOTE_SIGNER_KEY',
    description:
      "This node's public key (0x, 48-byte compressed BLS) among the keys the remote signer holds ('sequencer keys show' prints it).",
    placeholder: '<0x...>',
  }),
  'chain-id': optionalChainIdFlag({
    env: 'SEQUENCER_CHAIN_ID',
    description:
      'The chain this node joins; required with --remote-signer, whose requests name it (the signer refuses any other chain). When set, a broker that welcomes the node to another chain is refused (exit 1).',
  }),
  'api-port': intFlag({
    env: 'SEQUENCER_API_PORT',
    description: 'Port of the HTTP API.',
    default: 50001,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'api-host': stringFlag({
    env: 'SEQUENCER_API_HOST',
    description: 'Address the HTTP API binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'mempool-max-txs': intFlag({
    env: 'SEQUENCER_MEMPOOL_MAX_TXS',
    description: 'Most transactions waiting in the mempool; submissions beyond get 503.',
    default: 100_000,
    min: 1,
    max: 10_000_000,
  }),
  'mempool-max-bytes': intFlag({
    env: 'SEQUENCER_MEMPOOL_MAX_BYTES',
    description: 'Most payload bytes waiting in the mempool; submissions beyond get 503.',
    default: 256 * 1024 * 1024,
    min: 1024,
    max: 16 * 1024 * 1024 * 1024,
  }),
  'mempool-submitter-share': intFlag({
    env: 'SEQUENCER_MEMPOOL_SUBMITTER_SHARE',
    description:
      'Percent of the mempool (count and bytes) one submitter may hold: an API client address, or a member forwarding; beyond it gets 429.',
    default: 25,
    min: 1,
    max: 100,
    placeholder: '<percent>',
  }),
  'mempool-namespace-share': intFlag({
    env: 'SEQUENCER_MEMPOOL_NAMESPACE_SHARE',
    description: 'Percent of the mempool (count and bytes) one namespace may hold; beyond it gets 429.',
    default: 50,
    min: 1,
    max: 100,
    placeholder: '<percent>',
  }),
  'api-max-streams': intFlag({
    env: 'SEQUENCER_API_MAX_STREAMS',
    description: 'Most WebSocket block streams the API serves at once; a further one gets 503.',
    default: 1024,
    min: 1,
    max: 1_000_000,
  }),
  'api-max-streams-per-client': intFlag({
    env: 'SEQUENCER_API_MAX_STREAMS_PER_CLIENT',
    description: 'Most WebSocket block streams one client address may hold at once; a further one gets 429.',
    default: 32,
    min: 1,
    max: 1_000_000,
  }),
  'api-stream-buffer-bytes': intFlag({
    env: 'SEQUENCER_API_STREAM_BUFFER_BYTES',
    description:
      'Unsent bytes a WebSocket stream may hold for a client that does not read; beyond it the stream is closed (1008, slow consumer).',
    default: 8 * 1024 * 1024,
    min: 64 * 1024,
    max: 1024 * 1024 * 1024,
    placeholder: '<bytes>',
  }),
  'log-level': enumFlag({
    env: 'SEQUENCER_LOG_LEVEL',
    description: 'Least severe log level written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
  'l1-url': optionalUrlFlag({
    env: 'SEQUENCER_L1_URL',
    description:
      "An L1 JSON-RPC endpoint: the node follows its finalized block, names it in the headers it proposes and holds back proposals naming a later one; with --deployment the dashboard shows HotShot.sol's and the rollup contract's heights. Without it the node has no L1 view: it proposes its parent's L1 block and accepts any that does not go back.",
    protocols: L1_URL_PROTOCOLS,
  }),
  'allow-demo-keys': booleanFlag({
    env: 'SEQUENCER_ALLOW_DEMO_KEYS',
    description:
      "Run with --key-seed's public demo keys even when --l1-url is not anvil's chain (31337); without it the node refuses to start there.",
  }),
  'l1-poll-interval-ms': intFlag({
    env: 'SEQUENCER_L1_POLL_INTERVAL_MS',
    description: 'How often the node asks --l1-url for its finalized block (failed polls back off up to 30 s).',
    default: 2000,
    min: 100,
    max: 600_000,
    placeholder: '<ms>',
  }),
  'l1-head-grace-ms': intFlag({
    env: 'SEQUENCER_L1_HEAD_GRACE_MS',
    description:
      'How long a proposal naming a finalized L1 block this node has not seen yet waits for --l1-url to finalize it before it is dropped unvoted (default three 12 s L1 blocks).',
    default: 36_000,
    min: 0,
    max: 3_600_000,
    placeholder: '<ms>',
  }),
  genesis: optionalStringFlag({
    env: 'SEQUENCER_GENESIS',
    description:
      "A genesis file: the consensus config and stake table this node expects, as JSON in the form /v0/config/hotshot answers (save a trusted node's answer). The node refuses to start consensus when Welcome carries another config or table, naming the field (WelcomeDisagreesWithGenesisError, exit 1); an unreadable or malformed file exits 2.",
    placeholder: '<path>',
  }),
  'stake-table': optionalStringFlag({
    env: 'SEQUENCER_STAKE_TABLE',
    description:
      "StakeTable.sol's address (with --l1-url): the node computes the network's stake table from its active validators at the L1's finalized block (or --stake-table-block), as the broker does, and refuses to start consensus when Welcome carries another (WelcomeDisagreesWithL1Error, exit 1).",
    placeholder: '<address>',
  }),
  'stake-table-block': optionalIntFlag({
    env: 'SEQUENCER_STAKE_TABLE_BLOCK',
    description:
      'The L1 block to read --stake-table at (default: the finalized block at start); it must be finalized, and the same as the broker reads.',
    min: 0,
    placeholder: '<block>',
  }),
  'stake-table-max-size': intFlag({
    env: 'SEQUENCER_STAKE_TABLE_MAX_SIZE',
    description:
      'Most members of a stake table read from L1: the largest stakes, ties broken by key; the same as the broker uses.',
    default: DEFAULT_STAKE_TABLE_MAX_SIZE,
    min: 1,
    max: 10_000,
    placeholder: '<count>',
  }),
  deployment: optionalStringFlag({
    env: 'SEQUENCER_DEPLOYMENT',
    description: 'Dashboard only: the deployment JSON naming HotShot.sol and the rollup contract (with --l1-url).',
    placeholder: '<path>',
  }),
  'metrics-port': optionalIntFlag({
    env: 'SEQUENCER_METRICS_PORT',
    description:
      'Port for /metrics (Prometheus) and /healthz, on the address of --api-host (off when unset; the API port serves the same metrics at /v0/status/metrics, and /healthz).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
} as const;
