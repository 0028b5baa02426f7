import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoKeyPair, encryptKeystore, publicKeyToHex, verifyDigest, writeKeystoreFile } from '@hotshot/crypto';
import {
  RemoteSigner,
  SignerUnavailableError,
  SigningRefusedError,
  signingRequest,
  type Signer,
  type SigningRequestFields,
} from '@hotshot/signer';
import type { Hex } from 'viem';
import { freePort } from '../support/free-port';
import { GiveUpError, waitFor } from '../support/wait-for-progress';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'sequencer-signer.js');
const CHAIN_ID = 31337n;

/** The built `sequencer-signer` (bin/ into dist/) as a child process, its JSON log lines collected. */
class SignerProcess {
  readonly logs: Record<string, unknown>[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, SIGNER_KEYSTORE_PASSWORD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) this.logs.push(JSON.parse(line) as Record<string, unknown>);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async listening(): Promise<void> {
    await waitFor(
      'the signer to listen',
      () => {
        if (this.child.exitCode !== null) throw new GiveUpError(`the signer exited: ${this.stderr}`);
        return this.logs.some((line) => line.msg === 'signer listening');
      },
      { capMs: 120_000, intervalMs: 20, context: () => this.stderr },
    );
  }

  stop(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Runs `sequencer-signer ...args` from dist to its end. */
function runSigner(args: readonly string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, SIGNER_KEYSTORE_PASSWORD: '', ...env },
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

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SigningRefusedError)) throw new Error(`expected a SigningRefusedError, got ${String(error)}`);
  return error.code;
}

const commitment = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex;

/**
 * `sequencer-signer` from dist end to end (issue 20): a node-side RemoteSigner signs through it over the TCP
 * transport and the signature verifies; a second digest for a signed view and an older vote are refused with the
 * typed error's code, as is a client with the wrong secret, and metrics count them; the signer killed by SIGKILL
 * keeps its record; export/import moves a key's record to a second signer, which then refuses the conflicting digest.
 */
describe('sequencer-signer', () => {
  jest.setTimeout(300_000);
  let dir: string;
  const processes: SignerProcess[] = [];
  const clients: Signer[] = [];
  const keys = [demoKeyPair('signer-e2e', 0), demoKeyPair('signer-e2e', 1)];
  const [key0, key1] = keys.map((key) => publicKeyToHex(key.publicKey));

  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist', 'apps', 'sequencer-signer', 'src', 'main.js'))) {
      throw new Error("sequencer-signer is not built: run 'npm run build' first");
    }
  });
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sequencer-signer-'))));
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const signer of processes.splice(0)) signer.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const privateFile = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    return file;
  };
  const setup = () => {
    const password = privateFile('password', 'signer e2e password\n');
    const keystores = keys.map((key, index) => {
      const file = path.join(dir, `key${index}.keystore.json`);
      // PBKDF2 at a low count: the test is about signing, not about the KDF's cost.
      writeKeystoreFile(file, encryptKeystore(key, 'signer e2e password', { kdf: 'pbkdf2', kdfParams: { c: 1024 } }));
      return file;
    });
    const secretText = 'e2e-shared-secret-'.padEnd(64, 'x');
    return { password, keystores, secretFile: privateFile('client.secret', `${secretText}\n`), secretText };
  };
  const startSigner = async (args: string[], onPort?: number) => {
    const port = onPort ?? (await freePort());
    const signer = new SignerProcess(['--port', String(port), '--chain-id', CHAIN_ID.toString(), ...args]);
    processes.push(signer);
    await signer.listening();
    return { signer, port };
  };
  const client = (port: number, secret: string) => {
    const remote = new RemoteSigner({
      host: '127.0.0.1',
      port,
      secret: new TextEncoder().encode(secret),
      timeoutMs: 30_000,
    });
    clients.push(remote);
    return remote;
  };
  const vote = (view: number, byte: number, publicKey: Hex = key0): [Hex, ReturnType<typeof signingRequest>] => {
    const fields: SigningRequestFields = { kind: 'quorum-vote', chainId: CHAIN_ID, view, commitment: commitment(byte) };
    return [publicKey, signingRequest(fields, publicKey)];
  };

  it('signs for an authenticated client, refuses double signs and strangers, and hands a key over with its record', async () => {
    const { password, keystores, secretFile, secretText } = setup();
    const dbA = path.join(dir, 'a.db');
    const metricsPort = await freePort();
    const { signer: signerA, port: portA } = await startSigner([
      '--keystores',
      keystores.join(','),
      '--keystore-password-file',
      password,
      '--protection-db',
      dbA,
      '--client-secret-file',
      secretFile,
      '--metrics-port',
      String(metricsPort),
    ]);
    const remote = client(portA, secretText);
    expect([...(await remote.publicKeys())].sort()).toEqual([key0, key1].sort());

    const [publicKey, request] = vote(5, 1);
    const signed = await remote.sign(publicKey, request);
    expect(signed.repeated).toBe(false);
    expect(verifyDigest(keys[0].publicKey, request.digest, signed.signature)).toBe(true);
    // A retry after a lost answer gets the same signature; nothing new is recorded.
    const again = await remote.sign(publicKey, request);
    expect(again).toEqual({ signature: signed.signature, repeated: true });
    const timeout = signingRequest({ kind: 'timeout-vote', chainId: CHAIN_ID, view: 6, highQcView: 5 }, key1);
    expect(verifyDigest(keys[1].publicKey, timeout.digest, (await remote.sign(key1, timeout)).signature)).toBe(true);

    expect(await refusalCode(remote.sign(...vote(5, 2)))).toBe('double-sign');
    expect(await refusalCode(remote.sign(...vote(4, 3)))).toBe('below-watermark');
    expect(await refusalCode(remote.sign(key0, { ...request, chainId: 1n }))).toBe('chain-mismatch');
    const stranger = client(portA, 'not-the-shared-secret'.padEnd(64, 'y'));
    expect(await refusalCode(stranger.sign(...vote(9, 4)))).toBe('unauthenticated');
    expect(await refusalCode(stranger.publicKeys())).toBe('unauthenticated');

    const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', keys: 2 });
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain('sequencer_signer_signatures_total{kind="quorum-vote",outcome="new"} 1');
    expect(metrics).toContain('sequencer_signer_signatures_total{kind="quorum-vote",outcome="repeated"} 1');
    expect(metrics).toContain('sequencer_signer_refusals_total{reason="double-sign"} 1');
    expect(metrics).toContain('sequencer_signer_refusals_total{reason="below-watermark"} 1');
    expect(metrics).toContain('sequencer_signer_refusals_total{reason="unauthenticated"} 2');
    expect(signerA.logs.some((line) => line.msg === 'request refused' && line.code === 'double-sign')).toBe(true);

    // A crash, not a clean stop: the record must already be on disk. Meanwhile a request fails as retryable.
    await signerA.stop('SIGKILL');
    const unanswered = await remote.sign(...vote(6, 5)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(unanswered).toBeInstanceOf(SignerUnavailableError);
    // Back on the same port and record, the same client's retries are answered and nothing is signed twice.
    const argsA = [
      '--keystores',
      keystores.join(','),
      '--keystore-password-file',
      password,
      '--protection-db',
      dbA,
      '--client-secret-file',
      secretFile,
    ];
    const { signer: restartedA } = await startSigner(argsA, portA);
    await waitFor(
      'the client to reconnect',
      async () => {
        try {
          return (await remote.sign(publicKey, request)).repeated;
        } catch (error) {
          if (error instanceof SignerUnavailableError) return false;
          throw error;
        }
      },
      { capMs: 60_000, intervalMs: 200 },
    );
    expect((await remote.sign(...vote(6, 5))).repeated).toBe(false);
    expect(await refusalCode(remote.sign(...vote(5, 2)))).toBe('double-sign');
    expect(await restartedA.stop('SIGTERM')).toBe(0);
    const exported = path.join(dir, 'key0.protection.json');
    const exportRun = await runSigner([
      'protection',
      'export',
      '--protection-db',
      dbA,
      '--out',
      exported,
      '--public-keys',
      key0,
    ]);
    expect(exportRun).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(exportRun.stdout)).toEqual({ exported, keys: 1, records: 2 });
    const document = JSON.parse(readFileSync(exported, 'utf8')) as { data: { pubkey: string }[] };
    expect(document.data.map((entry) => entry.pubkey)).toEqual([key0]);

    const dbB = path.join(dir, 'b.db');
    const importRun = await runSigner([
      'protection',
      'import',
      '--protection-db',
      dbB,
      '--chain-id',
      CHAIN_ID.toString(),
      '--file',
      exported,
    ]);
    expect(importRun).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(importRun.stdout)).toMatchObject({ records: 2, conflicts: 0 });

    const { signer: signerB, port: portB } = await startSigner([
      '--keystores',
      keystores[0]!,
      '--keystore-password-file',
      password,
      '--protection-db',
      dbB,
      '--client-secret-file',
      secretFile,
    ]);
    const remoteB = client(portB, secretText);
    expect(await remoteB.publicKeys()).toEqual([key0]);
    expect(await refusalCode(remoteB.sign(...vote(5, 2)))).toBe('double-sign');
    expect(await refusalCode(remoteB.sign(...vote(3, 2)))).toBe('below-watermark');
    expect((await remoteB.sign(...vote(5, 1))).repeated).toBe(true);
    expect(await refusalCode(remoteB.sign(...vote(6, 7)))).toBe('double-sign');
    const next = vote(7, 7);
    expect(verifyDigest(keys[0].publicKey, next[1].digest, (await remoteB.sign(...next)).signature)).toBe(true);
    expect(await signerB.stop('SIGTERM')).toBe(0);
    expect(signerB.logs.some((line) => line.msg === 'signer stopped')).toBe(true);
  });

  it('refuses a password flag (exit 2), a secret file others can read (exit 1) and a wrong password (exit 2)', async () => {
    const { password, keystores, secretFile } = setup();
    const base = ['--keystores', keystores[0]!, '--chain-id', '1', '--protection-db', path.join(dir, 'c.db')];
    const flag = await runSigner([...base, '--client-secret-file', secretFile, '--keystore-password', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('SIGNER_KEYSTORE_PASSWORD');

    const open = path.join(dir, 'open.secret');
    writeFileSync(open, 'z'.repeat(64));
    chmodSync(open, 0o644);
    const insecure = await runSigner([...base, '--client-secret-file', open, '--keystore-password-file', password]);
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toMatch(/shared secret .*open\.secret/);

    const wrong = await runSigner([...base, '--client-secret-file', secretFile], { SIGNER_KEYSTORE_PASSWORD: 'wrong' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/password/i);
  });
});
