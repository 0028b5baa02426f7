import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, parseCommandLine } from '@hotshot/config';
import { demoKeyPair, encryptKeystore, writeKeyFile, writeKeystoreFile } from '@hotshot/crypto';
import { resolveNodeSettings } from './node-settings';
import { sequencerFlags } from './sequencer.flags';

const resolve = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCommandLine(sequencerFlags, ['--cdn-url', 'tcp://127.0.0.1:1', ...argv], env);
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return resolveNodeSettings(parsed.values);
};

describe('resolveNodeSettings', () => {
  it('derives a demo key from a seed and an index', () => {
    expect(resolve(['--key-seed', 's', '--key-index', '2']).publicKey).toEqual(demoKeyPair('s', 2).publicKey);
  });

  it('loads a key file', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'key-')), 'node.json');
    writeKeyFile(file, demoKeyPair('file', 0));
    expect(resolve(['--key-file', file]).publicKey).toEqual(demoKeyPair('file', 0).publicKey);
  });

  it('signs through a remote signer with its secret, key and chain, and no key of its own', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'remote-signer-'));
    try {
      const secret = path.join(dir, 'signer.secret');
      writeFileSync(secret, `${'s'.repeat(40)}\n`, { mode: 0o600 });
      chmodSync(secret, 0o600);
      const key = `0x${Buffer.from(demoKeyPair('remote', 3).publicKey).toString('hex')}`;
      const remote = ['--remote-signer', '127.0.0.1:50100', '--remote-signer-secret-file', secret];
      const settings = resolve([...remote, '--remote-signer-key', key, '--chain-id', '31337']);
      expect(settings.keyPair).toBeUndefined();
      expect(settings.publicKey).toEqual(demoKeyPair('remote', 3).publicKey);
      expect(settings.remoteSigner).toMatchObject({ host: '127.0.0.1', port: 50100, chainId: 31337n });
      expect(settings.chainId).toBe(31337n);
      const refused = (argv: string[]) => expect(() => resolve(argv)).toThrow(ConfigError);
      refused([...remote, '--remote-signer-key', key]);
      refused([...remote, '--chain-id', '1']);
      refused([...remote, '--remote-signer-key', '0x12', '--chain-id', '1']);
      refused([...remote, '--remote-signer-key', key, '--chain-id', '1', '--key-seed', 's', '--key-index', '0']);
      refused(['--remote-signer', 'nowhere', '--remote-signer-secret-file', secret, '--remote-signer-key', key]);
      refused(['--key-seed', 's', '--key-index', '0', '--remote-signer-key', key]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the mempool shares as fractions and the stream bounds, with their defaults', () => {
    const key = ['--key-seed', 's', '--key-index', '0'];
    expect(resolve(key)).toMatchObject({
      mempoolSubmitterShare: 0.25,
      mempoolNamespaceShare: 0.5,
      streams: { maxConnections: 1024, maxConnectionsPerClient: 32, maxBufferedBytes: 8 * 1024 * 1024 },
    });
    const set = ['--mempool-submitter-share', '10', '--mempool-namespace-share', '100'];
    const streams = [
      '--api-max-streams',
      '64',
      '--api-max-streams-per-client',
      '2',
      '--api-stream-buffer-bytes',
      '65536',
    ];
    expect(resolve([...key, ...set, ...streams])).toMatchObject({
      mempoolSubmitterShare: 0.1,
      mempoolNamespaceShare: 1,
      streams: { maxConnections: 64, maxConnectionsPerClient: 2, maxBufferedBytes: 65536 },
    });
    expect(() => resolve([...key, '--mempool-submitter-share', '0'])).toThrow(
      '--mempool-submitter-share must be between 1 and 100',
    );
  });

  it('requires exactly one key source', () => {
    expect(() => resolve([])).toThrow('a key is required');
    expect(() => resolve(['--key-seed', 's'])).toThrow(ConfigError);
    expect(() => resolve(['--key-file', '/x', '--key-seed', 's', '--key-index', '0'])).toThrow(
      'give one key source, not --key-file and --key-seed with --key-index',
    );
    expect(() => resolve(['--keystore', '/x', '--key-file', '/y'])).toThrow('not --keystore and --key-file');
  });

  describe('with a keystore', () => {
    const key = demoKeyPair('keystore', 1);
    let dir: string;
    let keystore: string;
    const file = (name: string, text: string, mode = 0o600) => {
      const target = path.join(dir, name);
      writeFileSync(target, text, { mode });
      chmodSync(target, mode);
      return target;
    };
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'keystore-'));
      keystore = path.join(dir, 'node.keystore.json');
      writeKeystoreFile(keystore, encryptKeystore(key, 'pw', { kdf: 'pbkdf2', kdfParams: { c: 1024 } }));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('decrypts it with the password from a file or the environment', () => {
      const fromFile = resolve(['--keystore', keystore, '--keystore-password-file', file('password', 'pw\n')]);
      expect(fromFile.keyPair).toEqual(key);
      expect(resolve(['--keystore', keystore], { SEQUENCER_KEYSTORE_PASSWORD: 'pw' }).keyPair).toEqual(key);
      expect(resolve([], { SEQUENCER_KEYSTORE: keystore, SEQUENCER_KEYSTORE_PASSWORD: 'pw' }).keyPair).toEqual(key);
    });

    it('says a wrong password is a usage error (exit 2), naming the keystore', () => {
      const run = () => resolve(['--keystore', keystore], { SEQUENCER_KEYSTORE_PASSWORD: 'nope' });
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(`keystore ${keystore}: wrong password`);
    });

    it('refuses a keystore or a password file that group or others can read', () => {
      chmodSync(keystore, 0o644);
      expect(() => resolve(['--keystore', keystore], { SEQUENCER_KEYSTORE_PASSWORD: 'pw' })).toThrow(
        expect.objectContaining({ problem: 'insecurePermissions' }),
      );
      chmodSync(keystore, 0o600);
      const open = file('open-password', 'pw', 0o604);
      expect(() => resolve(['--keystore', keystore, '--keystore-password-file', open])).toThrow(
        /password file .*: mode 604 lets group or others access it/,
      );
    });

    it('wants exactly one password source, never the password as a flag', () => {
      expect(() => resolve(['--keystore', keystore])).toThrow('a keystore password is required');
      const both = ['--keystore', keystore, '--keystore-password-file', file('password', 'pw')];
      expect(() => resolve(both, { SEQUENCER_KEYSTORE_PASSWORD: 'pw' })).toThrow('not both');
      expect(() => resolve(['--keystore', keystore, '--keystore-password', 'pw'])).toThrow(
        '--keystore-password would show the password in ps',
      );
      expect(() => resolve(['--key-seed', 's', '--key-index', '0', '--keystore-password-file', '/p'])).toThrow(
        '--keystore-password-file goes with --keystore',
      );
    });
  });

  it('reads the storage backend and refuses anything else, without echoing a password', () => {
    const key = ['--key-seed', 's', '--key-index', '0'];
    expect(resolve(key).storage).toBe('sqlite');
    expect(resolve([...key, '--storage', 'postgres://u:p@127.0.0.1/test']).storage).toEqual({
      postgresUrl: 'postgres://u:p@127.0.0.1/test',
    });
    expect(() => resolve([...key, '--storage', 'mysql://u:secret@h/db'])).toThrow(ConfigError);
    try {
      resolve([...key, '--storage', 'mysql://u:secret@h/db']);
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('turns retention flags into a policy and refuses them with --archive', () => {
    const key = ['--key-seed', 's', '--key-index', '0'];
    expect(resolve(key).retention).toBeUndefined();
    expect(resolve([...key, '--retention-blocks', '100', '--retention-age', '60']).retention).toEqual({
      blocks: 100,
      ageMs: 60_000,
    });
    expect(() => resolve([...key, '--archive', '--retention-blocks', '5'])).toThrow('--archive keeps everything');
  });

  it('watches L1 with --l1-url alone, shows L1 on the dashboard only with a deployment file too', () => {
    const key = ['--key-seed', 's', '--key-index', '0'];
    expect(resolve(key).l1).toBeUndefined();
    expect(resolve(key).l1Watcher).toBeUndefined();
    const both = resolve([...key, '--l1-url', 'http://127.0.0.1:8545', '--deployment', 'd.json']);
    expect(both.l1).toEqual({ url: 'http://127.0.0.1:8545', deploymentFile: 'd.json' });
    expect(both.l1Watcher).toEqual({ url: 'http://127.0.0.1:8545', pollIntervalMs: 2000, graceMs: 36_000 });
    const watcherOnly = resolve([
      ...key,
      '--l1-url',
      'http://127.0.0.1:8545',
      '--l1-poll-interval-ms',
      '500',
      '--l1-head-grace-ms',
      '6000',
    ]);
    expect(watcherOnly.l1).toBeUndefined();
    expect(watcherOnly.l1Watcher).toEqual({ url: 'http://127.0.0.1:8545', pollIntervalMs: 500, graceMs: 6000 });
    expect(() => resolve([...key, '--deployment', 'd.json'])).toThrow('--deployment needs --l1-url');
    expect(() => resolve([...key, '--deployment', 'd.json'])).toThrow(ConfigError);
  });

  it('reads where to check Welcome against L1: --stake-table needs --l1-url and an address', () => {
    const key = ['--key-seed', 's', '--key-index', '0'];
    const l1 = ['--l1-url', 'http://127.0.0.1:8545'];
    const address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    expect(resolve([...key, ...l1]).l1StakeTable).toBeUndefined();
    expect(resolve([...key, ...l1, '--stake-table', address]).l1StakeTable).toEqual({
      url: 'http://127.0.0.1:8545',
      address,
      maxSize: 100,
    });
    expect(
      resolve([...key, ...l1, '--stake-table', address, '--stake-table-block', '70', '--stake-table-max-size', '7'])
        .l1StakeTable,
    ).toEqual({ url: 'http://127.0.0.1:8545', address, maxSize: 7, blockNumber: 70n });
    expect(() => resolve([...key, '--stake-table', address])).toThrow('--stake-table needs --l1-url');
    expect(() => resolve([...key, ...l1, '--stake-table', 'nope'])).toThrow(ConfigError);
    expect(() => resolve([...key, ...l1, '--stake-table-block', '5'])).toThrow('--stake-table-block needs');
  });
});
