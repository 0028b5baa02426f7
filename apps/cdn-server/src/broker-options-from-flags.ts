import { ConfigError, consensusConfigFromFlags, type FlagValues } from '@hotshot/config';
import {
  FileRosterStore,
  type CdnBrokerOptions,
  type CdnMarshalOptions,
  type Logger,
  type ScaleOutBrokerOptions,
} from '@hotshot/cdn';
import type { cdnServerFlags } from './cdn-server.flags';

type Flags = FlagValues<typeof cdnServerFlags>;

/** The broker limits every role with connections to nodes shares. */
function limitsFromFlags(flags: Flags) {
  return {
    host: flags.host,
    port: flags.port,
    maxFrameBytes: flags['max-frame-bytes'],
    outboundBudgetBytes: flags['outbound-budget-bytes'],
    authTimeoutMs: flags['auth-timeout-ms'],
    heartbeatIntervalMs: flags['heartbeat-interval-ms'],
    heartbeatTimeoutMs: flags['heartbeat-timeout-ms'],
    maxClockSkewMs: flags['max-clock-skew-ms'],
    maxUnauthenticatedConnections: flags['max-pending-connections'],
    maxUnauthenticatedPerAddress: flags['max-pending-per-address'],
    sendBudgetBytesPerSecond: flags['send-budget-bytes-per-second'],
    sendBudgetBurstBytes: flags['send-budget-burst-bytes'],
    sendBudgetFramesPerSecond: flags['send-budget-frames-per-second'],
    sendBudgetBurstFrames: flags['send-budget-burst-frames'],
    sendBudgetCutAfterMs: flags['send-budget-cut-after-ms'],
  };
}

function required<T>(value: T | undefined, flag: string, role: string): T {
  if (value === undefined) throw new ConfigError(`--${flag} is required in the ${role} role`, { role });
  return value;
}

/** The single broker's options from the parsed flags (the config checks run in consensusConfigFromFlags and the broker). */
export function brokerOptionsFromFlags(flags: Flags, logger: Logger): CdnBrokerOptions {
  return {
    ...limitsFromFlags(flags),
    expectedNodes: required(flags.nodes, 'nodes', 'single'),
    config: consensusConfigFromFlags(flags),
    rosterStore: new FileRosterStore(flags['data-dir']),
    logger,
  };
}

/** The marshal's options: it defines the network (node count, config) in Redis. */
export function marshalOptionsFromFlags(flags: Flags, logger: Logger): CdnMarshalOptions {
  return {
    host: flags.host,
    port: flags.port,
    redisUrl: required(flags['redis-url'], 'redis-url', 'marshal'),
    redisPrefix: flags['redis-prefix'],
    expectedNodes: required(flags.nodes, 'nodes', 'marshal'),
    config: consensusConfigFromFlags(flags),
    permitTtlMs: flags['permit-ttl-ms'],
    brokerStaleAfterMs: flags['broker-stale-after-ms'],
    authTimeoutMs: flags['auth-timeout-ms'],
    maxClockSkewMs: flags['max-clock-skew-ms'],
    logger,
  };
}

/** A scale-out broker's options: the network comes from Redis, where the marshal defined it. */
export function scaleOutBrokerOptionsFromFlags(
  flags: Flags,
  logger: Logger,
  signal: AbortSignal,
): ScaleOutBrokerOptions {
  return {
    ...limitsFromFlags(flags),
    redisUrl: required(flags['redis-url'], 'redis-url', 'broker'),
    redisPrefix: flags['redis-prefix'],
    brokerId: flags['broker-id'],
    advertiseHost: flags['advertise-host'],
    meshPort: flags['mesh-port'],
    registryHeartbeatMs: flags['registry-heartbeat-ms'],
    registryTtlMs: flags['registry-ttl-ms'],
    expectedNodes: flags.nodes,
    signal,
    logger,
  };
}
