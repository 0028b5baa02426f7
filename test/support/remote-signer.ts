import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encryptKeystore, publicKeyToHex, writeKeystoreFile, type BlsKeyPair } from '@hotshot/crypto';
import { freePort } from './free-port';
import { DIST_DIR, type TestNetwork } from './network-harness';
import { waitFor } from './wait-for-progress';

const signerMain = path.join(DIST_DIR, 'apps', 'sequencer-signer', 'src', 'main.js');
const PASSWORD = 'test remote signer';
/** The name of the signer's process among the network's services. */
const SERVICE = 'signer';

/**
 * One `sequencer-signer` (built dist/) holding every node's key, as a service of a TestNetwork: keystores, the
 * shared secret and the double-sign record live in the network's folder. `nodeArgs(i)` are the flags that make node
 * i sign through it (pass them as the network's keyArgs); start the signer before the network, or the nodes wait.
 */
export class RemoteSignerFixture {
  /** The signer's double-sign record (SQLite). */
  readonly recordFile: string;
  private readonly secretFile: string;
  private port = 0;

  constructor(
    private readonly network: TestNetwork,
    private readonly keys: readonly BlsKeyPair[],
    private readonly chainId: bigint,
  ) {
    this.recordFile = path.join(network.dir, 'signer.db');
    this.secretFile = this.privateFile('client.secret', `${'test-remote-signer-secret-'.padEnd(64, 'z')}\n`);
  }

  /** Node `index`'s flags: the signer's address, the secret, its public key and the chain. */
  nodeArgs(index: number): string[] {
    return [
      '--remote-signer',
      `127.0.0.1:${this.port}`,
      '--remote-signer-secret-file',
      this.secretFile,
      '--remote-signer-key',
      publicKeyToHex(this.keys[index]!.publicKey),
      '--chain-id',
      this.chainId.toString(),
    ];
  }

  /** Writes the keystores and starts the signer on a free port; resolves once it listens. */
  async start(): Promise<void> {
    this.port = await freePort();
    const keystores = this.keys.map((key, i) => {
      const file = path.join(this.network.dir, `node${i}.keystore.json`);
      // PBKDF2 at a low count: these tests are about signing, not about the KDF's cost.
      writeKeystoreFile(file, encryptKeystore(key, PASSWORD, { kdf: 'pbkdf2', kdfParams: { c: 1024 } }));
      return file;
    });
    const args = [
      '--keystores',
      keystores.join(','),
      '--keystore-password-file',
      this.privateFile('password', `${PASSWORD}\n`),
      '--chain-id',
      this.chainId.toString(),
      '--protection-db',
      this.recordFile,
      '--client-secret-file',
      this.secretFile,
      '--port',
      String(this.port),
    ];
    this.network.startService(SERVICE, signerMain, args, { SIGNER_KEYSTORE_PASSWORD: '' });
    await this.listening(1);
  }

  /** Kills the signer with SIGKILL (a crash, mid-request). */
  kill(): Promise<void> {
    return this.network.killService(SERVICE);
  }

  /** Starts the signer again, on the same port and record; resolves once it listens. */
  async restart(): Promise<void> {
    const before = this.countLogged('signer listening');
    this.network.restartService(SERVICE);
    await this.listening(before + 1);
  }

  /** How many of the signer's log lines (over all its runs) have `msg`. */
  countLogged(msg: string): number {
    let text: string;
    try {
      text = readFileSync(this.network.serviceLog(SERVICE), 'utf8');
    } catch {
      return 0;
    }
    return text.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).length;
  }

  private async listening(times: number): Promise<void> {
    await waitFor('the signer to listen', () => this.countLogged('signer listening') >= times, {
      capMs: 120_000,
      context: () => this.network.describeProcesses(),
    });
  }

  private privateFile(name: string, text: string): string {
    const file = path.join(this.network.dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    return file;
  }
}
