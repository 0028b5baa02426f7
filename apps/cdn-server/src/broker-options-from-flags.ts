import { ConfigError, consensusConfigFromFlags, type FlagValues } from '@hotshot/config';
import type { L1StakeTableSource } from '@hotshot/l1';
import type { Logger } from '@hotshot/telemetry';
import { isAddress } from 'viem';
import type { CdnBrokerOptions } from './broker/broker-options';
import { L1BrokerGate, readL1Roster, type L1Roster } from './broker/l1-broker-gate';
import { FileRosterStore } from './broker/roster-store';
import type { cdnServerFlags } from './cdn-server.flags';
import type { CdnMarshalOptions } from './scale-out/cdn-marshal';
import type { ScaleOutBrokerOptions } from './scale-out/scale-out-broker';

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

/**
 * The single broker's options from the parsed flags (the config checks run in consensusConfigFromFlags and the
 * broker). With --l1-url and --stake-table the roster is the stake table read from L1 (issue 18), and -n, when
 * given, must be its size; without them, the bootstrap: the first -n keys to connect.
 */
export async function brokerOptionsFromFlags(flags: Flags, logger: Logger): Promise<CdnBrokerOptions> {
  const config = consensusConfigFromFlags(flags);
  const rosterStore = new FileRosterStore(flags['data-dir']);
  const roster = await l1RosterFromFlags(flags, logger);
  if (!roster) {
    return {
      ...limitsFromFlags(flags),
      expectedNodes: required(flags.nodes, 'nodes', 'single'),
      config,
      rosterStore,
      logger,
    };
  }
  return {
    ...limitsFromFlags(flags),
    expectedNodes: roster.stakeTable.length,
    config,
    gate: new L1BrokerGate(rosterStore, roster, config, flags['max-clock-skew-ms']),
    logger,
  };
}

/**
 * The stake table on L1 when --l1-url and --stake-table are given (logged), else undefined for the bootstrap; throws
 * ConfigError when -n is given and is not the table's size, or on half a pair of flags.
 */
async function l1RosterFromFlags(flags: Flags, logger: Logger): Promise<L1Roster | undefined> {
  const l1 = l1SourceFromFlags(flags);
  if (!l1) return undefined;
  const roster = await readL1Roster(l1, flags['stake-table-max-size']);
  const size = roster.stakeTable.length;
  if (flags.nodes !== undefined && flags.nodes !== size) {
    throw new ConfigError(`-n is ${flags.nodes} but the stake table on L1 holds ${size}; drop -n or fix it`, {
      nodes: flags.nodes,
      stakeTableSize: size,
      l1Block: roster.l1Block.toString(),
    });
  }
  logger.info('stake table read from L1', {
    stakeTable: roster.address,
    l1Block: roster.l1Block.toString(),
    active: roster.active,
    members: size,
  });
  return roster;
}

/** Where the roster is read on L1, or undefined for the bootstrap; throws ConfigError on half a pair. */
function l1SourceFromFlags(flags: Flags): L1StakeTableSource | undefined {
  const url = flags['l1-url'];
  const address = flags['stake-table'];
  if (url === undefined && address === undefined) {
    if (flags['stake-table-block'] !== undefined) throw new ConfigError('--stake-table-block needs --stake-table');
    return undefined;
  }
  if (url === undefined) throw new ConfigError('--stake-table needs --l1-url, where StakeTable.sol is read');
  if (address === undefined) throw new ConfigError('--l1-url needs --stake-table, the StakeTable.sol it reads');
  if (!isAddress(address)) throw new ConfigError('--stake-table must be a 20-byte hex address', { value: address });
  const block = flags['stake-table-block'];
  return { url, address, ...(block !== undefined && { blockNumber: BigInt(block) }) };
}

/** A scale-out broker does not read L1: it hands out the stake table the marshal stored in Redis with the network. */
function refuseL1Flags(flags: Flags): void {
  for (const flag of ['l1-url', 'stake-table', 'stake-table-block'] as const) {
    if (flags[flag] !== undefined) {
      throw new ConfigError(
        `--${flag} is for the single and marshal roles; a broker takes the stake table the marshal stored in Redis`,
        { role: 'broker' },
      );
    }
  }
}

/**
 * The marshal's options: it defines the network (node count, config and, with --l1-url and --stake-table, the stake
 * table read from L1) in Redis.
 */
export async function marshalOptionsFromFlags(flags: Flags, logger: Logger): Promise<CdnMarshalOptions> {
  const redisUrl = required(flags['redis-url'], 'redis-url', 'marshal');
  const roster = await l1RosterFromFlags(flags, logger);
  return {
    host: flags.host,
    port: flags.port,
    redisUrl,
    redisPrefix: flags['redis-prefix'],
    ...(roster
      ? { expectedNodes: roster.stakeTable.length, l1StakeTable: roster }
      : { expectedNodes: required(flags.nodes, 'nodes', 'marshal') }),
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
  refuseL1Flags(flags);
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
