import { consensusConfigFromFlags, type FlagValues } from '@hotshot/config';
import { FileRosterStore, type CdnBrokerOptions, type Logger } from '@hotshot/cdn';
import type { cdnServerFlags } from './cdn-server.flags';

/** The broker's options from the parsed flags (the config checks run in consensusConfigFromFlags and the broker). */
export function brokerOptionsFromFlags(flags: FlagValues<typeof cdnServerFlags>, logger: Logger): CdnBrokerOptions {
  return {
    host: flags.host,
    port: flags.port,
    expectedNodes: flags.nodes,
    config: consensusConfigFromFlags(flags),
    rosterStore: new FileRosterStore(flags['data-dir']),
    maxFrameBytes: flags['max-frame-bytes'],
    outboundBudgetBytes: flags['outbound-budget-bytes'],
    authTimeoutMs: flags['auth-timeout-ms'],
    heartbeatIntervalMs: flags['heartbeat-interval-ms'],
    heartbeatTimeoutMs: flags['heartbeat-timeout-ms'],
    maxClockSkewMs: flags['max-clock-skew-ms'],
    logger,
  };
}
