import { BrokerProcess } from './support/broker-process';
import { REDIS_URL, deletePrefix, randomPrefix } from './support/scale-out-fixtures';

/** The scale-out roles of the cdn-server binary: their flags, what they require, and a clean stop while waiting. */
describe('cdn-server --role marshal|broker', () => {
  // Above the 30 s caps of the waits inside, which fail first and name what did not happen.
  jest.setTimeout(180_000);
  it('documents the roles and their flags, and says which flag a role is missing', async () => {
    const [help, noRedis, noNodes, unreachable] = await Promise.all([
      BrokerProcess.run(['--help']),
      BrokerProcess.run(['--role', 'marshal', '-n', '3']),
      BrokerProcess.run(['--role', 'marshal', '--redis-url', REDIS_URL]),
      BrokerProcess.run(['--role', 'broker', '--redis-url', 'redis://127.0.0.1:1']),
    ]);
    expect(help.code).toBe(0);
    for (const text of ['--role', 'CDN_ROLE', '--redis-url', '--redis-prefix', '--mesh-port', '--permit-ttl-ms']) {
      expect(help.stdout).toContain(text);
    }
    // A flag the role requires is a usage error, like any missing flag.
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr).toContain('--redis-url is required in the marshal role');
    expect(noNodes.code).toBe(2);
    expect(noNodes.stderr).toContain('--nodes is required in the marshal role');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
  });

  it('starts a broker before any marshal, which waits for the network and stops cleanly on SIGTERM', async () => {
    const prefix = randomPrefix();
    const broker = new BrokerProcess([
      '--role',
      'broker',
      '-p',
      '0',
      '--redis-url',
      REDIS_URL,
      '--redis-prefix',
      prefix,
    ]);
    try {
      const waiting = await broker.logged('waiting for a marshal to define the network');
      expect(waiting.redisPrefix).toBe(prefix);
      expect(await broker.stop('SIGTERM')).toBe(0);
      expect(broker.logs.at(-1)?.msg).toBe('stopped before starting');
    } finally {
      broker.kill();
      await deletePrefix(prefix);
    }
  });
});
