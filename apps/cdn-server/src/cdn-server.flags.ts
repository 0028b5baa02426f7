import {
  consensusConfigFlags,
  enumFlag,
  intFlag,
  optionalIntFlag,
  optionalStringFlag,
  optionalUrlFlag,
  stringFlag,
} from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';
import { DEFAULT_STAKE_TABLE_MAX_SIZE } from '@hotshot/protocol';

/** Flags of `cdn-server`: its role, where to listen, how many nodes to wait for, and the config it hands out. */
export const cdnServerFlags = {
  role: enumFlag({
    env: 'CDN_ROLE',
    description:
      'single: one broker that is the whole CDN. marshal: authenticates nodes and sends each to the least-loaded broker with a one-time permit. broker: one of several brokers behind a marshal, meshed through Redis.',
    default: 'single',
    values: ['single', 'marshal', 'broker'] as const,
  }),
  port: intFlag({
    short: 'p',
    env: 'CDN_PORT',
    description: 'TCP port for nodes (the marshal port in the marshal role; 0 picks a free one).',
    default: 50000,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  nodes: optionalIntFlag({
    short: 'n',
    env: 'CDN_NODES',
    description:
      'Number of distinct node keys to wait for before the network starts (the bootstrap for a quick local network: the first N keys to connect become the network, in join order); required in the single and marshal roles unless --stake-table is given, when it is the table size and is only checked (a broker reads it from Redis, and checks it when given).',
    min: 1,
    max: 10_000,
    placeholder: '<count>',
  }),
  host: stringFlag({
    env: 'CDN_HOST',
    description: 'Address the broker binds to.',
    default: '127.0.0.1',
    placeholder: '<address>',
  }),
  'data-dir': stringFlag({
    env: 'CDN_DATA_DIR',
    description: 'Directory that keeps the roster across restarts (single role; the scale-out keeps it in Redis).',
    default: './data/cdn',
    placeholder: '<dir>',
  }),
  'metrics-port': optionalIntFlag({
    env: 'CDN_METRICS_PORT',
    description: 'Port for /metrics (Prometheus) and /healthz, on the address of --host (off when unset).',
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'log-level': enumFlag({
    env: 'CDN_LOG_LEVEL',
    description: 'Lowest level of the JSON log lines written to stdout.',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'] as const,
  }),
  'max-frame-bytes': intFlag({
    env: 'CDN_MAX_FRAME_BYTES',
    description: 'Largest frame accepted from a node, in bytes; must exceed --max-block-bytes.',
    default: 8 * 1024 * 1024,
    min: 1024,
    max: 1024 * 1024 * 1024,
    placeholder: '<bytes>',
  }),
  'outbound-budget-bytes': intFlag({
    env: 'CDN_OUTBOUND_BUDGET_BYTES',
    description: 'Bytes queued for one node before it is dropped as a slow reader; at least twice --max-frame-bytes.',
    default: 32 * 1024 * 1024,
    min: 2048,
    max: 4 * 1024 * 1024 * 1024,
    placeholder: '<bytes>',
  }),
  'auth-timeout-ms': intFlag({
    env: 'CDN_AUTH_TIMEOUT_MS',
    description: 'Milliseconds a new connection has to authenticate.',
    default: 5000,
    min: 10,
    max: 600_000,
  }),
  'heartbeat-interval-ms': intFlag({
    env: 'CDN_HEARTBEAT_INTERVAL_MS',
    description: 'Period of the heartbeat sweep; an idle connection gets a Ping.',
    default: 5000,
    min: 10,
    max: 600_000,
  }),
  'heartbeat-timeout-ms': intFlag({
    env: 'CDN_HEARTBEAT_TIMEOUT_MS',
    description: 'Milliseconds of silence after which a connection is closed.',
    default: 15_000,
    min: 20,
    max: 3_600_000,
  }),
  'max-clock-skew-ms': intFlag({
    env: 'CDN_MAX_CLOCK_SKEW_MS',
    description: 'Largest difference between a node timestamp and the broker clock at authentication.',
    default: 5000,
    min: 0,
    max: 600_000,
  }),
  'max-pending-connections': intFlag({
    env: 'CDN_MAX_PENDING_CONNECTIONS',
    description:
      'Connections allowed to await authentication at once; at the limit a newcomer evicts the oldest pending connection of the busiest address.',
    default: 256,
    min: 1,
    max: 1_000_000,
  }),
  'max-pending-per-address': intFlag({
    env: 'CDN_MAX_PENDING_PER_ADDRESS',
    description: 'Connections allowed to await authentication at once from one address (one IPv6 /64).',
    default: 32,
    min: 1,
    max: 1_000_000,
  }),
  'send-budget-bytes-per-second': intFlag({
    env: 'CDN_SEND_BUDGET_BYTES_PER_SECOND',
    description:
      'Sustained bytes per second one node may send; above it the broker reads the node more slowly, and cuts it if it persists or floods a reader.',
    default: 32 * 1024 * 1024,
    min: 1024,
    max: 1024 * 1024 * 1024 * 1024,
    placeholder: '<bytes>',
  }),
  'send-budget-burst-bytes': optionalIntFlag({
    env: 'CDN_SEND_BUDGET_BURST_BYTES',
    description:
      'Bytes one node may send at once above its rate; at least --max-frame-bytes (default: twice --max-frame-bytes, at least 16 MiB).',
    min: 1024,
    max: 1024 * 1024 * 1024 * 1024,
    placeholder: '<bytes>',
  }),
  'send-budget-frames-per-second': intFlag({
    env: 'CDN_SEND_BUDGET_FRAMES_PER_SECOND',
    description: 'Sustained frames per second one node may send.',
    default: 5000,
    min: 1,
    max: 10_000_000,
  }),
  'send-budget-burst-frames': intFlag({
    env: 'CDN_SEND_BUDGET_BURST_FRAMES',
    description: 'Frames one node may send at once above its rate.',
    default: 10_000,
    min: 1,
    max: 10_000_000,
  }),
  'send-budget-cut-after-ms': intFlag({
    env: 'CDN_SEND_BUDGET_CUT_AFTER_MS',
    description: 'Milliseconds a node may stay over its send budget, slowed down, before it is disconnected.',
    default: 5000,
    min: 10,
    max: 3_600_000,
  }),
  'l1-url': optionalUrlFlag({
    env: 'CDN_L1_URL',
    description:
      'An L1 JSON-RPC endpoint where --stake-table is read (single and marshal roles). With both, the network is the stake table on L1, not the first N keys to connect.',
    protocols: L1_URL_PROTOCOLS,
  }),
  'stake-table': optionalStringFlag({
    env: 'CDN_STAKE_TABLE',
    description:
      "StakeTable.sol's address (with --l1-url, single and marshal roles): the broker, or the marshal, reads its active validators at the L1's finalized block at start, admits exactly those keys, each at its index in the table (largest stake first, then key), and refuses any other key (error NotInStakeTable). The marshal stores the table in Redis with the network, where its brokers read it; a marshal started later must read the same table (--stake-table-block).",
    placeholder: '<address>',
  }),
  'stake-table-block': optionalIntFlag({
    env: 'CDN_STAKE_TABLE_BLOCK',
    description:
      'The L1 block to read --stake-table at (default: the finalized block at start); it must be finalized. Give the nodes the same block, so they compute the same table.',
    min: 0,
    placeholder: '<block>',
  }),
  'stake-table-max-size': intFlag({
    env: 'CDN_STAKE_TABLE_MAX_SIZE',
    description:
      'Most members of a stake table read from L1: the largest stakes, ties broken by key; the nodes must use the same.',
    default: DEFAULT_STAKE_TABLE_MAX_SIZE,
    min: 1,
    max: 10_000,
    placeholder: '<count>',
  }),
  'redis-url': optionalUrlFlag({
    env: 'CDN_REDIS_URL',
    description: 'Redis holding the roster, permits and broker registry; required in the marshal and broker roles.',
    protocols: ['redis:', 'rediss:'],
    placeholder: '<redis://host:port>',
  }),
  'redis-prefix': stringFlag({
    env: 'CDN_REDIS_PREFIX',
    description: 'Prefix of every Redis key of this CDN, so several networks can share one Redis.',
    default: 'hotshot-cdn',
    placeholder: '<prefix>',
  }),
  'broker-id': optionalStringFlag({
    env: 'CDN_BROKER_ID',
    description: 'Unique id of this broker (broker role); default <hostname>-<pid>-<random>.',
    placeholder: '<id>',
  }),
  'advertise-host': optionalStringFlag({
    env: 'CDN_ADVERTISE_HOST',
    description: 'Host that nodes and other brokers use to reach this broker (broker role); default --host.',
    placeholder: '<host>',
  }),
  'mesh-port': intFlag({
    env: 'CDN_MESH_PORT',
    description: 'TCP port for links from other brokers (broker role); 0 picks a free one, registered in Redis.',
    default: 0,
    min: 0,
    max: 65535,
    placeholder: '<port>',
  }),
  'permit-ttl-ms': intFlag({
    env: 'CDN_PERMIT_TTL_MS',
    description: 'Lifetime of a permit the marshal hands out (marshal role).',
    default: 5000,
    min: 100,
    max: 600_000,
  }),
  'registry-heartbeat-ms': intFlag({
    env: 'CDN_REGISTRY_HEARTBEAT_MS',
    description: 'Period at which a broker renews its registration in Redis (broker role).',
    default: 1000,
    min: 50,
    max: 60_000,
  }),
  'registry-ttl-ms': intFlag({
    env: 'CDN_REGISTRY_TTL_MS',
    description:
      'Lifetime of a broker registration each renewal extends: a broker silent this long (crashed, or its event loop stalled) leaves the CDN; at least twice --registry-heartbeat-ms (broker role).',
    default: 15_000,
    min: 100,
    max: 600_000,
  }),
  'broker-stale-after-ms': intFlag({
    env: 'CDN_BROKER_STALE_AFTER_MS',
    description:
      'A broker that has not renewed for this long gets new nodes only while no fresher broker is registered; the marshal refuses only when none is registered at all (marshal role).',
    default: 5000,
    min: 50,
    max: 600_000,
  }),
  ...consensusConfigFlags,
} as const;
