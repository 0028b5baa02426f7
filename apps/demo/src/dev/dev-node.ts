import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertDemoKeysAllowed, ConfigError, type FlagValues } from '@hotshot/config';
import { connectL1, readDeploymentFile, readPrivateKey, type Deployment } from '@hotshot/l1';
import { SequencerApiClient } from '@hotshot/sequencer-api';
import { BaseError, DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { CommitmentPoster } from '@hotshot/rollup-bridge';
import { JsonLogger, type Logger } from '@hotshot/telemetry';
import { deployCommand } from '../deploy/deploy-command';
import { DEMO_KEY_SEED, DEMO_L1_KEYS, NATIVE_TOPOLOGY, demoServices, sequencerApiPort } from '../demo-services';
import {
  abortOf,
  abortOnSignals,
  assertPortsFree,
  l1Answers,
  startService,
  waitForService,
} from '../run/local-services';
import { ProcessGroup, type ManagedProcess } from '../run/process-group';
import { startDevApi, type DevApi, type DevInfo } from './dev-api';
import type { devFlags } from './dev.flags';
import { LightClientSwitch } from './light-client-switch';

/** A process the dev node started exited while it ran; the message names its log. */
export class DevNodeProcessExitedError extends BaseError {
  override name = 'DevNodeProcessExitedError';
  constructor(name: string, code: number | string, log: string) {
    super(`${name} exited (${code}) while the dev node ran`, { details: { log } });
  }
}

/** Where the dev node writes what it prints. */
export interface DevNodeOutput {
  write(text: string): void;
}

/**
 * How long shutdown waits for the poster's newBlocks in flight to be mined; past it the dev node stops the rest
 * anyway (the transaction is on its way regardless).
 */
const POSTER_STOP_GRACE_MS = 15_000;

/** The services the dev node runs from demo-services.ts: the L1 (unless given), the CDN and one sequencer. */
const DEV_SERVICES = ['anvil', 'cdn-server', 'sequencer0'] as const;

/**
 * `hotshot-demo dev`, after espresso-dev-node: a one-node sequencer network (cdn-server -n 1 and one sequencer),
 * anvil with HotShot.sol, a MockVerifier and ZkEvmRollup.sol deployed (or those contracts on the L1 of --l1-url),
 * the light-client poster in this process so HotShot.sol advances, and the dev API (GET /dev/info,
 * POST /dev/hotshot-down and /dev/hotshot-up). Prints the URLs and the deployment, runs until SIGINT or SIGTERM,
 * then stops what it started, last started first. Throws DevNodeProcessExitedError (after stopping the rest) when a
 * process it started exits by itself, and DemoStartError when a startup step fails.
 */
export async function runDevNode(flags: FlagValues<typeof devFlags>, out: DevNodeOutput): Promise<void> {
  const external = flags['l1-url'];
  const givenKey =
    flags['l1-key'] !== undefined || flags['l1-key-file'] !== undefined
      ? readPrivateKey({
          file: flags['l1-key-file'],
          value: flags['l1-key'],
          what: 'the L1 key (--l1-key-file or DEV_L1_KEY)',
        })
      : undefined;
  if (external !== undefined && givenKey === undefined) {
    throw new ConfigError(
      '--l1-url needs the key of an L1 account to deploy and post with: --l1-key-file or DEV_L1_KEY',
    );
  }
  const keys = { deploy: givenKey ?? DEMO_L1_KEYS.deploy, poster: givenKey ?? DEMO_L1_KEYS.poster };
  const ports = { base: flags['base-port'], l1: flags['l1-port'] };
  // The bootstrap (the first key to connect), not StakeTable.sol: --l1-url may name an L1 the dev node does not own.
  const services = demoServices(NATIVE_TOPOLOGY, {
    phase: 1,
    ports,
    nodes: 1,
    validatorSet: 'first-to-connect',
  }).filter(
    (service) =>
      (DEV_SERVICES as readonly string[]).includes(service.name) &&
      !(external !== undefined && service.name === 'anvil'),
  );
  await assertPortsFree(
    [...services.flatMap((service) => service.ports), flags['dev-port']],
    'pick others with --base-port, --l1-port and --dev-port',
  );

  const runDir = resolve(
    flags['run-dir'] ?? join(tmpdir(), `hotshot-dev-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  );
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  out.write(`dev node: logs and data in ${runDir}\n`);

  const group = new ProcessGroup(runDir);
  const logs: WriteStream[] = [];
  const fileLogger = (name: string): Logger => {
    const stream = createWriteStream(join(runDir, 'logs', `${name}.log`), { flags: 'a' });
    logs.push(stream);
    return new JsonLogger({ sink: (line) => stream.write(line) }).child({ app: 'hotshot-demo', command: name });
  };
  const shutdown = abortOnSignals(group);
  const signal = shutdown.signal;
  const timeoutMs = flags['startup-timeout'] * 1000;
  const l1Url = external ?? `http://127.0.0.1:${ports.l1}`;
  const apiUrl = `http://127.0.0.1:${sequencerApiPort(ports, 0)}`;
  const byName = new Map(services.map((service) => [service.name, service]));
  const watched: ManagedProcess[] = [];
  const start = (name: string): ManagedProcess => {
    const managed = startService(group, byName.get(name)!);
    watched.push(managed);
    return managed;
  };
  let lightClient: LightClientSwitch | undefined;
  let devApi: DevApi | undefined;

  const stopAll = async (): Promise<void> => {
    await devApi?.close();
    if (lightClient) await within(POSTER_STOP_GRACE_MS, lightClient.freeze());
    await group.stopAll();
    await Promise.all(logs.map((stream) => new Promise<void>((done) => stream.end(done))));
    shutdown.dispose();
  };

  try {
    if (external === undefined) {
      out.write('starting anvil...\n');
      await waitForService('anvil', start('anvil'), signal, timeoutMs, () => l1Answers(l1Url));
      if (signal.aborted) return await stopped();
    }
    // The poster's account; the L1's chain id decides whether the demo key may be used there.
    const l1 = await connectL1(l1Url, keys.poster);
    assertDemoKeysAllowed(
      "the dev node's sequencer key (--key-seed demo)",
      DEMO_KEY_SEED,
      l1.chainId,
      flags['allow-demo-keys'],
    );
    out.write('starting cdn-server and 1 sequencer...\n');
    start('cdn-server');
    const sequencer = start('sequencer0');
    const probe = new SequencerApiClient(apiUrl, 2000);
    await waitForService('the network', sequencer, signal, timeoutMs, async () => (await probe.blockHeight()) >= 1);
    if (signal.aborted) return await stopped();

    out.write('network deciding; deploying the contracts...\n');
    const deploymentFile = join(runDir, 'deployment.json');
    await deployCommand(
      {
        'l1-url': l1Url,
        'sequencer-url': apiUrl,
        'key-seed': undefined,
        'allow-demo-keys': flags['allow-demo-keys'],
        nodes: 1,
        // Used only with --key-seed; the chain id comes from the node.
        'chain-id': DEFAULT_CONSENSUS_CONFIG.chainId.toString(),
        namespace: flags.namespace,
        'start-height': 1,
        out: deploymentFile,
        'l1-key-file': undefined,
        'l1-key': keys.deploy,
        'wait-seconds': flags['startup-timeout'],
        force: false,
      },
      fileLogger('deploy'),
    );
    if (signal.aborted) return await stopped();
    const deployment = readDeploymentFile(deploymentFile);

    const posterLog = fileLogger('poster');
    const poster = new CommitmentPoster({
      api: new SequencerApiClient(apiUrl),
      l1,
      hotShot: deployment.hotShot,
      log: posterLog,
      onPosted: (posted) => lightClient?.recordPosted(posted),
    });
    lightClient = new LightClientSwitch(poster, l1.account.address, (error) =>
      posterLog.error('poster stopped by an error', { error }),
    );
    const lightClientNow = lightClient;
    lightClientNow.start();

    const info = (): DevInfo => devInfo({ apiUrl, l1Url, deployment, poster: lightClientNow });
    devApi = await startDevApi({
      host: NATIVE_TOPOLOGY.bindHost,
      port: flags['dev-port'],
      handlers: {
        info,
        hotShotDown: async () => {
          await lightClientNow.freeze();
          out.write(`hotshot down: HotShot.sol stays at height ${poster.l1Height}; the network keeps deciding\n`);
        },
        hotShotUp: () => {
          lightClientNow.start();
          out.write('hotshot up: posting to HotShot.sol again\n');
        },
        posterState: () => lightClientNow.state(),
      },
    });
    out.write(formatReady(info(), devApi.url, deploymentFile));
  } catch (error) {
    await stopAll();
    throw error;
  }

  const exited = await Promise.race([
    abortOf(signal).then(() => undefined),
    ...watched.map((managed) => managed.exited.then((code) => ({ managed, code }))),
  ]);
  if (exited) {
    out.write(`${exited.managed.name} exited; stopping the dev node\n`);
    await stopAll();
    throw new DevNodeProcessExitedError(exited.managed.name, exited.code, exited.managed.logFile);
  }
  return stopped();

  async function stopped(): Promise<void> {
    out.write('stopping...\n');
    await stopAll();
    out.write('stopped\n');
  }
}

/** What GET /dev/info answers. */
function devInfo(parts: { apiUrl: string; l1Url: string; deployment: Deployment; poster: LightClientSwitch }): DevInfo {
  const { deployment } = parts;
  return {
    sequencerApiUrl: parts.apiUrl,
    l1Url: parts.l1Url,
    l1ChainId: deployment.l1ChainId,
    hotShotChainId: deployment.hotShotChainId,
    contracts: { hotShot: deployment.hotShot, rollup: deployment.rollup, verifier: deployment.verifier },
    namespace: deployment.namespace,
    deployer: deployment.deployer,
    deployedAtBlock: deployment.deployedAtBlock,
    poster: parts.poster.state(),
  };
}

/** The lines printed once the dev node is up. */
export function formatReady(info: DevInfo, devApiUrl: string, deploymentFile: string): string {
  const rows: [string, string][] = [
    ['sequencer API', `${info.sequencerApiUrl} (submit, availability, status; /healthz, /docs, /dashboard)`],
    ['L1 RPC', `${info.l1Url} (chain id ${info.l1ChainId})`],
    ['dev API', `${devApiUrl} (GET /dev/info, POST /dev/hotshot-down, POST /dev/hotshot-up)`],
    ['HotShot.sol', info.contracts.hotShot],
    ['ZkEvmRollup.sol', `${info.contracts.rollup} (namespace ${info.namespace})`],
    ['MockVerifier', info.contracts.verifier],
    ['deployment', deploymentFile],
  ];
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return `${rows.map(([name, value]) => `${name.padEnd(width)}${value}`).join('\n')}\nready; Ctrl-C stops everything\n`;
}

/** Waits for `promise`, at most `ms`. */
async function within(ms: number, promise: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
