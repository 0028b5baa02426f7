import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoKeyPair, publicKeyToHex, writeKeyFile } from '@hotshot/crypto';
import { AppProcess } from '../support/app-process';
import { freePort } from '../support/free-port';

/** Runs `sequencer ...args` from source to its end; its exit code and output. */
function sequencer(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', AppProcess.main('sequencer'), ...args], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, SEQUENCER_KEYSTORE_PASSWORD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The sequencer binary end to end with an EIP-2335 keystore (issue 20): `keys new` and `keys show` as an operator
 * runs them, then a node started on the keystore (its public key logged, stopped cleanly), a wrong password
 * (exit 2), a keystore others can read (exit 1) and a plaintext key file (still runs, with the warning). No network: the node waits for a CDN.
 */
describe('sequencer with a keystore', () => {
  jest.setTimeout(300_000);
  let dir: string;
  const nodes: AppProcess[] = [];

  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sequencer-keystore-'))));
  afterEach(() => {
    for (const node of nodes.splice(0)) node.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const secretFile = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    return file;
  };
  const node = async (args: string[], env: Record<string, string> = {}) => {
    const started = new AppProcess(
      'sequencer',
      [
        '--cdn-url',
        `tcp://127.0.0.1:${await freePort()}`,
        '--data-dir',
        path.join(dir, `data-${nodes.length}`),
        '--api-port',
        '0',
        ...args,
      ],
      { SEQUENCER_KEYSTORE_PASSWORD: '', ...env },
    );
    nodes.push(started);
    return started;
  };

  it('keys new makes a keystore the node starts with; keys show prints its public key; a wrong password exits 2', async () => {
    const keystore = path.join(dir, 'node.keystore.json');
    const password = secretFile('password', 'correct horse battery staple\n');
    const created = await sequencer(['keys', 'new', '--out', keystore, '--kdf', 'pbkdf2', '--password-file', password]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const publicKey = (JSON.parse(created.stdout) as { publicKey: string }).publicKey;
    expect(publicKey).toMatch(/^0x[0-9a-f]{96}$/);

    const shown = await sequencer(['keys', 'show', keystore]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ publicKey, version: 4, kdf: { function: 'pbkdf2' } });

    const running = await node(['--keystore', keystore, '--keystore-password-file', password]);
    expect(await running.logged('node key')).toMatchObject({ source: 'keystore', publicKey });
    await running.logged('api listening');
    expect(running.logs.some((line) => line.level === 'warn' && /not encrypted/.test(line.msg))).toBe(false);
    expect(await running.stop()).toBe(0);

    const refused = await node(['--keystore', keystore], { SEQUENCER_KEYSTORE_PASSWORD: 'wrong horse' });
    expect(await refused.exited).toBe(2);
    expect(refused.stderr).toContain(`keystore ${keystore}: wrong password`);

    chmodSync(keystore, 0o644);
    const exposed = await node(['--keystore', keystore, '--keystore-password-file', password]);
    expect(await exposed.exited).toBe(1);
    expect(exposed.stderr).toMatch(/keystore .*: mode 644 lets group or others access it; run chmod 600/);
  });

  it('a plaintext key file still starts the node, with a warning naming keys import', async () => {
    const key = demoKeyPair('e2e-key-file', 0);
    const keyFile = path.join(dir, 'node.key.json');
    writeKeyFile(keyFile, key);
    const running = await node(['--key-file', keyFile]);
    expect(await running.logged('node key')).toMatchObject({
      source: 'key file',
      publicKey: publicKeyToHex(key.publicKey),
    });
    const warning = await running.logged(
      'the key file is not encrypted; convert it to a keystore and start with --keystore',
    );
    expect(warning).toMatchObject({ level: 'warn', convert: expect.stringContaining('sequencer keys import') });
    // The shutdown handler is in place once the API listens.
    await running.logged('api listening');
    expect(await running.stop()).toBe(0);
  });
});
