import net from 'node:net';
import { waitFor } from '../support/wait-for-progress';
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

  it('exits 1 when a port it needs is taken, instead of holding Redis open and ignoring SIGTERM', async () => {
    const prefix = randomPrefix();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = String((squatter.address() as net.AddressInfo).port);
    const marshal = ['--role', 'marshal', '-n', '1', '--redis-url', REDIS_URL, '--redis-prefix', prefix];
    const runs = [
      new BrokerProcess([...marshal, '-p', taken]),
      new BrokerProcess([...marshal, '-p', '0', '--metrics-port', taken]),
    ];
    try {
      for (const run of runs) {
        // Progress to wait for: the refusal is printed; the exit that follows has nothing left to wait on.
        await waitFor(
          'the marshal to report the taken port',
          () => run.stderr.includes('EADDRINUSE') || run.stderr.includes(`cannot listen on 127.0.0.1:${taken}`),
          { capMs: 180_000, intervalMs: 50 },
        );
        let code: number | null | undefined;
        void run.exited.then((c) => (code = c));
        await waitFor('the marshal to exit after reporting the taken port', () => code !== undefined, {
          capMs: 30_000,
          intervalMs: 50,
          context: () => `stderr: ${run.stderr}`,
        });
        expect(code).toBe(1);
      }
    } finally {
      for (const run of runs) run.kill();
      squatter.close();
      await deletePrefix(prefix);
    }
  });
});
