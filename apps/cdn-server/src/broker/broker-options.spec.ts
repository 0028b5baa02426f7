import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { InvalidBrokerOptionsError, resolveBrokerOptions } from './broker-options';

const base = { expectedNodes: 4, config: DEFAULT_CONSENSUS_CONFIG };

describe('resolveBrokerOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveBrokerOptions(base)).toMatchObject({
      host: '127.0.0.1',
      maxFrameBytes: 8 * 1024 * 1024,
      outboundBudgetBytes: 32 * 1024 * 1024,
      authTimeoutMs: 5000,
      heartbeatIntervalMs: 5000,
      heartbeatTimeoutMs: 15_000,
      maxClockSkewMs: 5000,
    });
  });

  it.each([
    [{ expectedNodes: 0 }, 'expectedNodes'],
    [{ maxFrameBytes: DEFAULT_CONSENSUS_CONFIG.maxBlockBytes }, 'maxFrameBytes must exceed the config maxBlockBytes'],
    [{ maxFrameBytes: 8_000_000, outboundBudgetBytes: 10_000_000 }, 'outboundBudgetBytes must be at least twice'],
    [{ maxUnauthenticatedFrameBytes: 100 }, 'Authenticate frame'],
    [{ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 1000 }, 'heartbeatTimeoutMs must exceed'],
  ])('refuses %j', (override, message) => {
    expect(() => resolveBrokerOptions({ ...base, ...override })).toThrow(InvalidBrokerOptionsError);
    expect(() => resolveBrokerOptions({ ...base, ...override })).toThrow(message);
  });
});
