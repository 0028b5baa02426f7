import { runCommand } from '@hotshot/config';
import { sequencerFlags } from './sequencer.flags';

void runCommand(
  {
    name: 'sequencer',
    summary:
      'Consensus node of the sequencer network: joins the CDN, runs HotShot-style BFT consensus, builds blocks of namespaced transactions, stores what is decided and serves the HTTP API.',
    examples: ['sequencer --cdn-url tcp://127.0.0.1:50000 --key-seed demo --key-index 0 --api-port 50001'],
  },
  sequencerFlags,
  async () => {
    throw new Error('the sequencer node is not implemented yet');
  },
);
