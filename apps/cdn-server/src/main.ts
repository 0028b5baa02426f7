import { runCommand } from '@hotshot/config';
import { cdnServerFlags } from './cdn-server.flags';

void runCommand(
  {
    name: 'cdn-server',
    summary:
      'HotShot-style CDN broker: waits for N sequencer nodes, authenticates them by key, hands each its index, the consensus config and the stake table, then routes broadcast and direct messages among them.',
    examples: ['cdn-server -p 50000 -n 5', 'CDN_NODES=5 cdn-server --view-timeout-ms 3000'],
  },
  cdnServerFlags,
  async () => {
    throw new Error('the broker is not implemented yet');
  },
);
