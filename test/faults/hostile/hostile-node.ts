import { CdnClient, Topic } from '@hotshot/cdn';
import { enumFlag, intFlag, runCommand, stringFlag, urlFlag } from '@hotshot/config';
import { BlsConsensusCrypto, createConsensusContext } from '@hotshot/consensus';
import { StakeTableKeys, demoKeyPair } from '@hotshot/crypto';
import { JsonLogger } from '@hotshot/telemetry';
import { HOSTILE_MODES, HostileBehavior } from './hostile-behavior';

/**
 * A Byzantine member as a real process: it joins the CDN with a real member's demo key, as the sequencer does, and
 * attacks the honest nodes in one mode (see HostileMode). Run by the fault suite with `node --import tsx`.
 * It logs what it sent as JSON lines every two seconds and once more when SIGTERM stops it.
 */
void runCommand(
  {
    name: 'hostile-node',
    summary: 'Fault suite only: a member that equivocates, forges signatures or replays messages.',
    examples: ['node --import tsx test/faults/hostile/hostile-node.ts --cdn-url tcp://127.0.0.1:50000 --key-index 4'],
  },
  {
    'cdn-url': urlFlag({ env: 'HOSTILE_CDN_URL', description: 'The broker (or proxy) to join.', protocols: ['tcp:'] }),
    'key-seed': stringFlag({ env: 'HOSTILE_KEY_SEED', description: 'Seed of the demo keys.', default: 'fault-suite' }),
    'key-index': intFlag({ env: 'HOSTILE_KEY_INDEX', description: 'Index of the demo key taken.', min: 0, max: 9999 }),
    mode: enumFlag({ env: 'HOSTILE_MODE', description: 'The attack.', default: 'equivocate', values: HOSTILE_MODES }),
  },
  async (flags) => {
    const log = new JsonLogger({ level: 'info', fields: { app: 'hostile-node', mode: flags.mode } });
    const keyPair = demoKeyPair(flags['key-seed'], flags['key-index']);
    const controller = new AbortController();
    process.once('SIGTERM', () => controller.abort());
    process.once('SIGINT', () => controller.abort());
    const client = new CdnClient({ url: flags['cdn-url'], keyPair, topics: [Topic.Global, Topic.Da], logger: log });
    client.start(controller.signal);
    const welcome = await client.welcome();
    const ctx = createConsensusContext({
      config: welcome.config,
      stakeTable: welcome.stakeTable,
      self: welcome.nodeIndex,
      crypto: new BlsConsensusCrypto(new StakeTableKeys(welcome.stakeTable), keyPair.secretKey),
    });
    log.info('joined', { index: welcome.nodeIndex, nodes: welcome.stakeTable.length });
    const behavior = new HostileBehavior(flags.mode, ctx, {
      broadcast: (bytes) => client.broadcast(Topic.Global, bytes),
      sendDirect: (index, bytes) => client.sendDirect(index, bytes),
    });
    const ticker = setInterval(() => behavior.tick(), 300);
    const reporter = setInterval(() => log.info('hostile stats', { sent: behavior.stats }), 2000);
    const deliveries = client.messages();
    controller.signal.addEventListener('abort', () => void deliveries.return?.(), { once: true });
    try {
      for await (const delivery of deliveries) {
        try {
          behavior.onDelivery(delivery.sender, delivery.bytes);
        } catch (error) {
          log.warn('attack step failed', { error });
        }
      }
    } finally {
      clearInterval(ticker);
      clearInterval(reporter);
      log.info('hostile stats', { sent: behavior.stats, final: true });
      controller.abort();
      await client.whenStopped().catch(() => undefined);
    }
  },
);
