import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, parseCommandLine } from '@hotshot/config';
import { demoKeyPair, writeKeyFile } from '@hotshot/crypto';
import { resolveNodeSettings } from './node-settings';
import { sequencerFlags } from './sequencer.flags';

const resolve = (argv: string[]) => {
  const parsed = parseCommandLine(sequencerFlags, ['--cdn-url', 'tcp://127.0.0.1:1', ...argv], {});
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return resolveNodeSettings(parsed.values);
};

describe('resolveNodeSettings', () => {
  it('derives a demo key from a seed and an index', () => {
    expect(resolve(['--key-seed', 's', '--key-index', '2']).keyPair.publicKey).toEqual(demoKeyPair('s', 2).publicKey);
  });

  it('loads a key file', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'key-')), 'node.json');
    writeKeyFile(file, demoKeyPair('file', 0));
    expect(resolve(['--key-file', file]).keyPair.publicKey).toEqual(demoKeyPair('file', 0).publicKey);
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
    expect(() => resolve(['--key-file', '/x', '--key-seed', 's', '--key-index', '0'])).toThrow('not both');
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

  it('takes an L1 for the dashboard only with a deployment file, and neither alone', () => {
    const key = ['--key-seed', 's', '--key-index', '0'];
    expect(resolve(key).l1).toBeUndefined();
    expect(resolve([...key, '--l1-url', 'http://127.0.0.1:8545', '--deployment', 'd.json']).l1).toEqual({
      url: 'http://127.0.0.1:8545',
      deploymentFile: 'd.json',
    });
    expect(() => resolve([...key, '--l1-url', 'http://127.0.0.1:8545'])).toThrow('go together');
    expect(() => resolve([...key, '--deployment', 'd.json'])).toThrow(ConfigError);
  });
});
