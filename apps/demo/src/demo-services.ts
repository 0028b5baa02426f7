import { demoKeyPair, publicKeyToHex } from '@hotshot/crypto';
import { ANVIL_PRIVATE_KEYS } from '@hotshot/l1';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { getContractAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { SIGNER_FILES } from './signer/signer-keys-command';

/**
 * The demo network's services and their commands: the one definition the native demo (`npm run demo`) runs as
 * local processes and docker-compose.yaml runs as containers (scripts/demo/write-compose.ts renders it; a test
 * checks the file matches). Only addresses differ between the two (see DemoTopology), and how the phase is chosen:
 * a flag natively, DEMO_PHASE and a compose profile in compose.
 */

/** Sequencer nodes in the demo network. */
export const DEMO_NODES = 5;
/** The seed the demo nodes derive their BLS keys from (demoKeyPair(seed, index)): demo only. */
export const DEMO_KEY_SEED = 'demo';
/** The rollup's namespace. */
export const DEMO_ROLLUP_NAMESPACE = 1;
/** Namespaces of other rollups the load generator also submits to; they must never reach the rollup. */
export const DEMO_OTHER_NAMESPACES = [2, 3] as const;
/** Chain id of the demo rollup's own (L2) transactions. */
export const DEMO_ROLLUP_CHAIN_ID = 1001;
/**
 * Anvil's well-known keys, one account per L1 writer so their nonces never collide. The adaptor's account posts the
 * rollup's batches: through zkevm-adaptor in phases I and II, through the rollup node itself in phase III.
 */
export const DEMO_L1_KEYS = {
  deploy: ANVIL_PRIVATE_KEYS[0],
  poster: ANVIL_PRIVATE_KEYS[1],
  adaptor: ANVIL_PRIVATE_KEYS[2],
  /** Deploys StakeTable.sol with its first transaction, and stakes for the demo validators. */
  stake: ANVIL_PRIVATE_KEYS[3],
} as const;
/**
 * Where StakeTable.sol is on the demo L1: the first contract the stake account deploys. Known before it exists, so
 * cdn-server and the sequencers can be given it in their commands.
 */
export const DEMO_STAKE_TABLE = getContractAddress({
  from: privateKeyToAccount(DEMO_L1_KEYS.stake).address,
  nonce: 0n,
});
/** The sequencer the rollup node submits users' transactions to (and reads batch data from): not the poster's. */
export const DEMO_ROLLUP_NODE_SEQUENCER = 2;

/**
 * A phase of the demo. I: zkevm-adaptor posts full batches to L1 and the rollup node derives from them. II: the
 * adaptor posts batch commitments only; the node takes the data from a sequencer and checks it against them.
 * III: integrated; no separate adaptor: the rollup node posts the batch commitments and its state roots
 * (verifyBatches) itself.
 */
export type DemoPhase = 1 | 2 | 3;
/** Every phase, in order. */
export const DEMO_PHASES: readonly DemoPhase[] = [1, 2, 3];
/** `II` for 2. */
export function phaseNumeral(phase: DemoPhase): 'I' | 'II' | 'III' {
  return phase === 1 ? 'I' : phase === 2 ? 'II' : 'III';
}

/** Where the services are: loopback for local processes, service names on a compose network. */
export interface DemoTopology {
  /** Address listening services bind to. */
  readonly bindHost: string;
  /** Host name other services reach `service` at. */
  host(service: string): string;
}

/** Every service on this machine. */
export const NATIVE_TOPOLOGY: DemoTopology = { bindHost: '127.0.0.1', host: () => '127.0.0.1' };
/** Every service in its own container, reached by service name. */
export const DOCKER_TOPOLOGY: DemoTopology = { bindHost: '0.0.0.0', host: (service) => service };

/** Ports of the demo network. */
export interface DemoPorts {
  readonly l1: number;
  /**
   * The CDN broker; sequencer i serves its API at base + 1 + i, the poster and adaptor metrics at base + 20, 21, the
   * rollup node its L2 JSON-RPC at base + 22, the remote signer (when there is one) at base + 23 and its metrics at
   * base + 24.
   */
  readonly base: number;
}

/** The default ports, which docker-compose.yaml publishes. */
export const DEFAULT_DEMO_PORTS: DemoPorts = { l1: 8545, base: 50000 };

/** Load the generator offers, in transactions per second. */
export interface DemoLoad {
  readonly rollupRate: number;
  readonly otherRate: number;
}

/** The default load. */
export const DEFAULT_DEMO_LOAD: DemoLoad = { rollupRate: 10, otherRate: 2 };

/** When a service may start, relative to another. */
export type StartCondition = 'started' | 'healthy' | 'completed';

/** One service of the demo network. */
export interface DemoService {
  readonly name: string;
  /** The binary and its arguments; paths are relative to the run directory (the container's /data). */
  readonly command: readonly string[];
  /** Variables the service reads (keys, the adaptor's mode, the rollup node's phase). */
  readonly environment: Readonly<Record<string, string>>;
  readonly dependsOn: Readonly<Record<string, StartCondition>>;
  /** Ports it listens on. */
  readonly ports: readonly number[];
  /** A URL on the service's own host that answers 200 with status ok once it is ready. */
  readonly healthUrl?: string;
  /** Runs once and exits 0 (the deploy step). */
  readonly oneShot?: boolean;
  /** Needs the shared data directory. */
  readonly usesData: boolean;
  /** The phases it runs in; every phase when absent. */
  readonly phases?: readonly DemoPhase[];
}

/** The adaptor's mode for a demo phase: I posts full batches, II batch commitments (III runs no adaptor). */
export function adaptorMode(phase: DemoPhase): 'basic' | 'offchain-da' {
  return phase === 1 ? 'basic' : 'offchain-da';
}

/** API port of sequencer `index`. */
export function sequencerApiPort(ports: DemoPorts, index: number): number {
  return ports.base + 1 + index;
}

/** Port of the rollup node's L2 JSON-RPC (and its /healthz): the one a wallet points at. */
export function rollupRpcPort(ports: DemoPorts): number {
  return ports.base + 22;
}

/**
 * Options of the demo network: its phase, ports, load, and how many sequencers (default DEMO_NODES). The dev node
 * (`hotshot-demo dev`) runs one, and only the services up to sequencer0: the adaptor and the rollup node name
 * sequencers 1 and 2.
 */
export interface DemoOptions {
  readonly phase: DemoPhase;
  /**
   * Who the validators are. 'l1' (the default): the register step makes the demo keys members of StakeTable.sol,
   * and cdn-server and the sequencers read the table there. 'first-to-connect': cdn-server -n N takes the first N keys
   * that connect (the dev node's bootstrap, which may run against an L1 it does not own).
   */
  readonly validatorSet?: 'l1' | 'first-to-connect';
  /**
   * One sequencer-signer holds every node's keystore and the nodes sign through it (--remote-signer), instead of
   * each deriving its key in process. Native demo only: the compose file keeps in-process keys.
   */
  readonly remoteSigner?: boolean;
  readonly ports?: DemoPorts;
  readonly load?: DemoLoad;
  readonly nodes?: number;
}

/** The demo's services for `phase` in start order: those of demoServiceDefinitions that run in it. */
export function demoServices(topology: DemoTopology, options: DemoOptions = { phase: 1 }): DemoService[] {
  return demoServiceDefinitions(topology, options).filter(
    (service) => !service.phases || service.phases.includes(options.phase),
  );
}

/**
 * Every service of any phase in start order, each with the phases it runs in (the compose file holds them all).
 * What differs between phases travels in variables, not flags, so one command serves every phase: the adaptor's
 * mode in ADAPTOR_MODE, the rollup node's phase in ZKEVM_PHASE. `npm run demo -- --phase 2` sets them natively,
 * `DEMO_PHASE=2 just demo` in compose.
 */
export function demoServiceDefinitions(topology: DemoTopology, options: DemoOptions): DemoService[] {
  const ports = options.ports ?? DEFAULT_DEMO_PORTS;
  const load = options.load ?? DEFAULT_DEMO_LOAD;
  const { bindHost, host } = topology;
  const l1Url = `http://${host('anvil')}:${ports.l1}`;
  const apiUrl = (index: number) => `http://${host(`sequencer${index}`)}:${sequencerApiPort(ports, index)}`;
  const nodeCount = options.nodes ?? DEMO_NODES;
  const nodes = Array.from({ length: nodeCount }, (_, i) => i);
  const posterPort = ports.base + 20;
  const adaptorPort = ports.base + 21;
  const rollupPort = rollupRpcPort(ports);
  const fromL1 = (options.validatorSet ?? 'l1') === 'l1';
  const stakeTableFlags = fromL1 ? ['--l1-url', l1Url, '--stake-table', DEMO_STAKE_TABLE] : [];
  const afterRegistration: Record<string, StartCondition> = fromL1 ? { register: 'completed' } : {};
  const signerPort = ports.base + 23;
  const signerMetricsPort = ports.base + 24;
  const signerFile = (name: string) => `signer/${name}`;
  const chainId = DEFAULT_CONSENSUS_CONFIG.chainId.toString();
  // register stakes for the demo keys and signer-keys writes their keystores: the same keys, so the same two flags.
  const demoKeyFlags = ['--key-seed', DEMO_KEY_SEED, '--nodes', String(nodeCount)];
  const metricsFlags = (port: number) => ['--metrics-host', bindHost, '--metrics-port', String(port)];
  // Readiness is asked on the service's own host (the runner natively, the container's healthcheck in compose).
  const healthzAt = (port: number) => `http://127.0.0.1:${port}/healthz`;
  const keyFlags = (i: number): string[] =>
    options.remoteSigner
      ? [
          '--remote-signer',
          `${host('signer')}:${signerPort}`,
          '--remote-signer-secret-file',
          signerFile(SIGNER_FILES.clientSecret),
          '--remote-signer-key',
          publicKeyToHex(demoKeyPair(DEMO_KEY_SEED, i).publicKey),
          '--chain-id',
          chainId,
        ]
      : ['--key-seed', DEMO_KEY_SEED, '--key-index', String(i)];
  const afterSigner: Record<string, StartCondition> = options.remoteSigner ? { signer: 'healthy' } : {};

  const services: DemoService[] = [
    {
      name: 'anvil',
      // --slots-in-an-epoch 1: L1's finalized block trails the head by 2 blocks, not 64, so a registration counts
      // within seconds (brokers and nodes read the stake table at the finalized block).
      command: [
        'anvil',
        '--host',
        bindHost,
        '--port',
        String(ports.l1),
        '--hardfork',
        'prague',
        '--block-time',
        '1',
        '--slots-in-an-epoch',
        '1',
      ],
      environment: {},
      dependsOn: {},
      ports: [ports.l1],
      usesData: false,
    },
    ...(fromL1
      ? [
          {
            name: 'register',
            command: [
              'hotshot-demo',
              'register',
              '--l1-url',
              l1Url,
              '--stake-table',
              DEMO_STAKE_TABLE,
              ...demoKeyFlags,
            ],
            environment: { REGISTER_L1_KEY: DEMO_L1_KEYS.stake },
            dependsOn: { anvil: 'started' },
            ports: [],
            oneShot: true,
            usesData: false,
          } satisfies DemoService,
        ]
      : []),
    ...(options.remoteSigner
      ? [
          {
            name: 'signer-keys',
            command: ['hotshot-demo', 'signer-keys', ...demoKeyFlags, '--out-dir', 'signer'],
            environment: {},
            dependsOn: {},
            ports: [],
            oneShot: true,
            usesData: true,
          } satisfies DemoService,
          {
            name: 'signer',
            command: [
              'sequencer-signer',
              '--keystores',
              nodes.map((i) => signerFile(SIGNER_FILES.keystore(i))).join(','),
              '--keystore-password-file',
              signerFile(SIGNER_FILES.password),
              '--chain-id',
              chainId,
              '--protection-db',
              signerFile(SIGNER_FILES.protectionDb),
              '--client-secret-file',
              signerFile(SIGNER_FILES.clientSecret),
              '--host',
              bindHost,
              '--port',
              String(signerPort),
              ...metricsFlags(signerMetricsPort),
            ],
            environment: {},
            dependsOn: { 'signer-keys': 'completed' },
            ports: [signerPort, signerMetricsPort],
            healthUrl: healthzAt(signerMetricsPort),
            usesData: true,
          } satisfies DemoService,
        ]
      : []),
    {
      name: 'cdn-server',
      command: [
        'cdn-server',
        '-p',
        String(ports.base),
        '-n',
        String(nodeCount),
        '--host',
        bindHost,
        '--data-dir',
        'cdn',
        ...stakeTableFlags,
      ],
      environment: {},
      dependsOn: afterRegistration,
      ports: [ports.base],
      usesData: true,
    },
    ...nodes.map((i): DemoService => ({
      name: `sequencer${i}`,
      command: [
        'sequencer',
        '--cdn-url',
        `tcp://${host('cdn-server')}:${ports.base}`,
        ...keyFlags(i),
        '--api-host',
        bindHost,
        '--api-port',
        String(sequencerApiPort(ports, i)),
        '--data-dir',
        `node${i}`,
        ...stakeTableFlags,
      ],
      environment: {},
      dependsOn: { ...afterRegistration, ...afterSigner, 'cdn-server': 'started' },
      ports: [sequencerApiPort(ports, i)],
      healthUrl: healthzAt(sequencerApiPort(ports, i)),
      usesData: true,
    })),
    {
      name: 'deploy',
      command: [
        'hotshot-demo',
        'deploy',
        '--l1-url',
        l1Url,
        '--sequencer-url',
        apiUrl(0),
        '--namespace',
        String(DEMO_ROLLUP_NAMESPACE),
        '--out',
        'deployment.json',
      ],
      environment: { DEPLOY_L1_KEY: DEMO_L1_KEYS.deploy },
      dependsOn: { anvil: 'started', sequencer0: 'healthy' },
      ports: [],
      oneShot: true,
      usesData: true,
    },
    {
      name: 'poster',
      command: [
        'hotshot-poster',
        '--sequencer-url',
        apiUrl(0),
        '--l1-url',
        l1Url,
        '--deployment',
        'deployment.json',
        ...metricsFlags(posterPort),
      ],
      environment: { POSTER_L1_KEY: DEMO_L1_KEYS.poster },
      dependsOn: { deploy: 'completed' },
      ports: [posterPort],
      healthUrl: healthzAt(posterPort),
      usesData: true,
    },
    {
      name: 'adaptor',
      command: [
        'zkevm-adaptor',
        '--namespace',
        String(DEMO_ROLLUP_NAMESPACE),
        '--sequencer-url',
        apiUrl(1),
        '--l1-url',
        l1Url,
        '--deployment',
        'deployment.json',
        ...metricsFlags(adaptorPort),
      ],
      environment: { ADAPTOR_L1_KEY: DEMO_L1_KEYS.adaptor, ADAPTOR_MODE: adaptorMode(options.phase) },
      dependsOn: { deploy: 'completed' },
      ports: [adaptorPort],
      healthUrl: healthzAt(adaptorPort),
      usesData: true,
      // Phase III's rollup node posts the batches itself, with the same account.
      phases: [1, 2],
    },
    {
      name: 'zkevm-node',
      command: [
        'zkevm-node',
        '--l1-url',
        l1Url,
        '--deployment',
        'deployment.json',
        '--namespace',
        String(DEMO_ROLLUP_NAMESPACE),
        '--sequencer-url',
        apiUrl(DEMO_ROLLUP_NODE_SEQUENCER),
        '--chain-id',
        String(DEMO_ROLLUP_CHAIN_ID),
        '--rpc-host',
        bindHost,
        '--rpc-port',
        String(rollupPort),
      ],
      // The key in every phase so one compose file serves all three; the node signs with it only in phase III,
      // where the adaptor, the account's other user, does not run.
      environment: { ZKEVM_PHASE: String(options.phase), ZKEVM_L1_KEY: DEMO_L1_KEYS.adaptor },
      dependsOn: { deploy: 'completed', [`sequencer${DEMO_ROLLUP_NODE_SEQUENCER}`]: 'healthy' },
      ports: [rollupPort],
      healthUrl: healthzAt(rollupPort),
      usesData: true,
    },
    {
      name: 'load',
      command: [
        'hotshot-demo',
        'load',
        '--sequencer-urls',
        nodes.map(apiUrl).join(','),
        '--namespace',
        String(DEMO_ROLLUP_NAMESPACE),
        '--rate',
        String(load.rollupRate),
        '--other-namespaces',
        DEMO_OTHER_NAMESPACES.join(','),
        '--other-rate',
        String(load.otherRate),
        '--rollup-chain-id',
        String(DEMO_ROLLUP_CHAIN_ID),
      ],
      environment: {},
      dependsOn: { deploy: 'completed' },
      ports: [],
      usesData: false,
    },
  ];
  return services;
}
