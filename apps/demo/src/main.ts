import { ConfigError, ExitCode, runCommand } from '@hotshot/config';
import { JsonLogger, shutdownSignal } from '@hotshot/telemetry';
import { deployCommand } from './deploy/deploy-command';
import { deployFlags } from './deploy/deploy.flags';
import { runDevNode } from './dev/dev-node';
import { devFlags } from './dev/dev.flags';
import { LoadGenerator } from './load/load-generator';
import { loadFlags } from './load/load.flags';
import { registerCommand } from './register/register-command';
import { registerFlags } from './register/register.flags';
import { runDemo } from './run/demo-runner';
import { runFlags } from './run/run.flags';
import { signerKeysCommand } from './signer/signer-keys-command';
import { signerKeysFlags } from './signer/signer-keys.flags';

const USAGE = `Usage: hotshot-demo <command> [flags]

The demo network and its tools.

Commands:
  run      the whole network as local processes: anvil, cdn-server, 5 sequencers, deploy, poster, adaptor (phases
           I and II), the zkEVM rollup node and load (npm run demo; npm run demo -- --phase 3 --duration 60)
  dev      a dev node for rollup integrations: one sequencer, anvil with the contracts (or --l1-url), the light-client
           poster and a dev API (GET /dev/info, POST /dev/hotshot-down, /dev/hotshot-up); runs until Ctrl-C
  register make the demo validators members on L1: deploy StakeTable.sol if absent, register each demo key with a
           proof of possession and its stake, wait until L1 finalizes it (brokers and nodes read the table there)
  signer-keys
           write the files one sequencer-signer needs for the demo keys: a keystore each, their password and the
           nodes' client secret (run --remote-signer does this)
  deploy   deploy HotShot.sol and the rollup to an L1 with the network's stake table; write the deployment file
  load     submit rollup transactions (and other namespaces') at a steady rate; report decide latency

Run 'hotshot-demo <command> --help' for its flags.
`;

const [command, ...argv] = process.argv.slice(2);

switch (command) {
  case 'run':
    void runCommand(
      {
        name: 'hotshot-demo run',
        summary:
          "Runs the demo network as local processes with an anvil L1 and the zkEVM rollup node (its L2 JSON-RPC on base+22), prints one status line (height, views/s, decide latency, tx/s, HotShot and rollup heights on L1, the verified height in phase III, the node's L2 block), stops cleanly on Ctrl-C or after --duration and prints a JSON summary. Phase I: the adaptor posts full batches; II: batch commitments; III: no adaptor, the rollup node posts the commitments and its state roots.",
        examples: [
          'npm run demo',
          'npm run demo -- --phase 2 --duration 60',
          'npm run demo -- --phase 3 --base-port 40000 --l1-port 40545',
        ],
      },
      runFlags,
      async (flags) => {
        await runDemo(flags, { isTTY: process.stdout.isTTY === true, write: (text) => process.stdout.write(text) });
      },
      argv,
    );
    break;
  case 'dev':
    void runCommand(
      {
        name: 'hotshot-demo dev',
        summary:
          "A dev node for rollup integrations, after espresso-dev-node: starts a one-node sequencer network (cdn-server -n 1 and one sequencer), anvil with HotShot.sol, a MockVerifier and ZkEvmRollup.sol deployed (or deploys them to --l1-url), and the light-client poster so HotShot.sol follows the network; prints the sequencer API, L1 RPC and dev API URLs and the contract addresses, and runs until SIGINT or SIGTERM, then stops everything it started. The dev API: GET /dev/info (URLs, chain ids, contracts, the poster's state), POST /dev/hotshot-down (the poster stops, so HotShot.sol's height freezes on L1 while the network keeps deciding: a sequencer outage as a rollup sees it) and POST /dev/hotshot-up (posting resumes). The sequencer signs with a public demo key: for development only. Logs and data go to --run-dir.",
        examples: [
          'hotshot-demo dev',
          'hotshot-demo dev --base-port 40000 --l1-port 40545 --dev-port 40010',
          'DEV_L1_KEY=0x... hotshot-demo dev --l1-url http://127.0.0.1:8545',
          'curl -s http://127.0.0.1:50010/dev/info; curl -s -X POST http://127.0.0.1:50010/dev/hotshot-down',
        ],
      },
      devFlags,
      (flags) => runDevNode(flags, { write: (text) => process.stdout.write(text) }),
      argv,
    );
    break;
  case 'deploy':
    void runCommand(
      {
        name: 'hotshot-demo deploy',
        summary:
          "Deploys HotShot.sol (with the network's stake table, read from a node or derived from the demo key seed), a MockVerifier and ZkEvmRollup.sol to an L1, and writes the deployment file the poster, the adaptor and the rollup node read. Starts nothing.",
        examples: [
          'DEPLOY_L1_KEY=0x... hotshot-demo deploy --l1-url http://127.0.0.1:8545 --sequencer-url http://127.0.0.1:50001 --out deployment.json',
          'DEPLOY_L1_KEY=0x... hotshot-demo deploy --l1-url http://127.0.0.1:8545 --key-seed demo --nodes 5',
        ],
      },
      deployFlags,
      (flags) => deployCommand(flags, new JsonLogger().child({ app: 'hotshot-demo', command: 'deploy' })),
      argv,
    );
    break;
  case 'register':
    void runCommand(
      {
        name: 'hotshot-demo register',
        summary:
          "Makes the demo validators members of the network on L1, as any validator joins: deploys StakeTable.sol at --stake-table when nothing is there (from the registering account's first transaction, so the address is known beforehand), registers each demo key demoKeyPair(seed, 0..nodes-1) that is not registered yet, with its proof of possession and --stake-eth, and waits until L1 finalizes the registrations, since cdn-server and the sequencers read the table at L1's finalized block. Running it again changes nothing.",
        examples: [
          'REGISTER_L1_KEY=0x... hotshot-demo register --l1-url http://127.0.0.1:8545 --stake-table 0x... --key-seed demo --nodes 5',
        ],
      },
      registerFlags,
      (flags) => registerCommand(flags, new JsonLogger().child({ app: 'hotshot-demo', command: 'register' })),
      argv,
    );
    break;
  case 'signer-keys':
    void runCommand(
      {
        name: 'hotshot-demo signer-keys',
        summary:
          "Writes what one sequencer-signer needs to hold the demo validators' keys: node<i>.keystore.json (EIP-2335, scrypt) for demoKeyPair(seed, i), the random password that unlocks them and the random secret the nodes share with the signer, each mode 0600, in --out-dir. Files already there are kept (a keystore holding another key is refused), so running it again changes nothing. Demo keys are public: demo only.",
        examples: ['hotshot-demo signer-keys --key-seed demo --nodes 5 --out-dir ./signer'],
      },
      signerKeysFlags,
      async (flags) =>
        signerKeysCommand(flags, new JsonLogger().child({ app: 'hotshot-demo', command: 'signer-keys' })),
      argv,
    );
    break;
  case 'load':
    void runCommand(
      {
        name: 'hotshot-demo load',
        summary:
          "Submits signed EVM transactions to the rollup's namespace (from anvil's accounts 5-9, funded on the demo L2, each in nonce order through one node) and opaque ones to other namespaces at steady rates, round robin over the nodes, and logs progress with submit-to-decide latency and how many of its transactions the rollup executes.",
        examples: ['hotshot-demo load --sequencer-urls http://127.0.0.1:50001,http://127.0.0.1:50002 --rate 10'],
      },
      loadFlags,
      async (flags) => {
        const log = new JsonLogger({ level: flags['log-level'] }).child({ app: 'hotshot-demo', command: 'load' });
        const shutdown = shutdownSignal();
        await new LoadGenerator({
          sequencerUrls: flags['sequencer-urls']
            .split(',')
            .map((url) => url.trim())
            .filter(Boolean),
          namespace: flags.namespace,
          rate: flags.rate,
          otherNamespaces: parseNamespaces(flags['other-namespaces']),
          otherRate: flags['other-rate'],
          rollupChainId: flags['rollup-chain-id'],
          reportEveryMs: flags['report-every-ms'],
          log,
        }).run(shutdown.signal);
      },
      argv,
    );
    break;
  case undefined:
  case '--help':
  case '-h':
  case 'help':
    process.stdout.write(USAGE);
    process.exitCode = command === undefined ? ExitCode.usage : ExitCode.ok;
    break;
  default:
    process.stderr.write(`hotshot-demo: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    process.exitCode = ExitCode.usage;
}

/** `2,3` as namespaces; a ConfigError names a value that is not a uint32. */
function parseNamespaces(list: string): number[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const namespace = Number(item);
      if (!/^\d+$/.test(item) || namespace > 0xffffffff) {
        throw new ConfigError('--other-namespaces takes uint32 namespaces separated by commas', { value: item });
      }
      return namespace;
    });
}
