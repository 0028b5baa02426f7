import { runCommand } from '@hotshot/config';
import { zkevmAdaptorFlags } from './zkevm-adaptor.flags';

void runCommand(
  {
    name: 'zkevm-adaptor',
    summary:
      "Follows decided blocks from a sequencer node and posts one rollup namespace's batches (or batch commitments) to the L1 rollup contract.",
    examples: [
      'zkevm-adaptor --sequencer-url http://127.0.0.1:50001 --l1-url http://127.0.0.1:8545 --mode basic --namespace 1',
    ],
  },
  zkevmAdaptorFlags,
  async () => {
    throw new Error('the adaptor is not implemented yet');
  },
);
