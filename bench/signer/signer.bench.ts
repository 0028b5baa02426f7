/**
 * `npm run bench:signer`: what one signature costs a node, one JSON line per path (median, p90 and p99 of sequential
 * quorum votes, each a new view): the bare BLS signature, the in-process signer (digest check, double-sign record
 * fsynced in SQLite, signature) and a `sequencer-signer` process on loopback (the same plus a TCP round trip, JSON
 * and the HMAC). Issue 20 asks that remote signing not slow consensus noticeably; these are the per-signature terms.
 * `SIGNER_BENCH_VOTES` sets the number of votes per path (default 300).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import {
  blsBackend,
  demoKeyPair,
  encryptKeystore,
  publicKeyToHex,
  signDigest,
  writeKeystoreFile,
} from '@hotshot/crypto';
import { InProcessSigner, RemoteSigner, SigningProtectionDb, signingRequest, type Signer } from '@hotshot/signer';
import type { Hex } from 'viem';

const CHAIN_ID = 31337n;
const VOTES = Number(process.env.SIGNER_BENCH_VOTES ?? 300);
const root = path.join(__dirname, '..', '..');
const keyPair = demoKeyPair('signer-bench', 0);
const publicKey = publicKeyToHex(keyPair.publicKey);

const commitmentOf = (view: number) => `0x${view.toString(16).padStart(64, '0')}` as Hex;
const voteAt = (view: number) =>
  signingRequest({ kind: 'quorum-vote', chainId: CHAIN_ID, view, commitment: commitmentOf(view) }, publicKey);

function summarize(path: string, times: number[]): void {
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 1000) / 1000;
  process.stdout.write(
    `${JSON.stringify({ bench: 'signer', path, votes: times.length, medianMs: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), backend: blsBackend().name })}\n`,
  );
}

async function timeSigner(name: string, signer: Signer, firstView: number): Promise<void> {
  // Warm-up: connection, JIT, SQLite's first pages.
  for (let view = firstView; view < firstView + 20; view++) await signer.sign(publicKey, voteAt(view));
  const times: number[] = [];
  for (let view = firstView + 20; view < firstView + 20 + VOTES; view++) {
    const request = voteAt(view);
    const start = performance.now();
    await signer.sign(publicKey, request);
    times.push(performance.now() - start);
  }
  summarize(name, times);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'signer-bench-'));
  const bare: number[] = [];
  for (let view = 0; view < VOTES + 20; view++) {
    const digest = voteAt(view).digest;
    const start = performance.now();
    signDigest(keyPair.secretKey, digest);
    if (view >= 20) bare.push(performance.now() - start);
  }
  summarize('bls-sign-only', bare);

  const local = new InProcessSigner({
    keys: [keyPair],
    protection: SigningProtectionDb.open(path.join(dir, 'local.db'), CHAIN_ID),
  });
  await timeSigner('in-process', local, 1);
  await local.close();

  const password = path.join(dir, 'password');
  const secret = path.join(dir, 'secret');
  writeFileSync(password, 'bench password');
  writeFileSync(secret, 's'.repeat(64));
  chmodSync(password, 0o600);
  chmodSync(secret, 0o600);
  const keystore = path.join(dir, 'key.keystore.json');
  writeKeystoreFile(keystore, encryptKeystore(keyPair, 'bench password', { kdf: 'pbkdf2', kdfParams: { c: 1024 } }));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'apps', 'sequencer-signer', 'src', 'main.ts'),
      ...['--keystores', keystore, '--keystore-password-file', password, '--client-secret-file', secret],
      ...['--chain-id', CHAIN_ID.toString(), '--protection-db', path.join(dir, 'remote.db'), '--port', String(port)],
      ...['--log-level', 'warn'],
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    const remote = new RemoteSigner({ host: '127.0.0.1', port, secret: new TextEncoder().encode('s'.repeat(64)) });
    // The signer takes a few seconds to start through tsx: retry the first request until it answers.
    for (let attempt = 0; ; attempt++) {
      try {
        await remote.publicKeys();
        break;
      } catch (error) {
        if (attempt > 120) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await timeSigner('remote-loopback', remote, 1);
    await remote.close();
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
