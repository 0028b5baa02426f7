/**
 * Writes the deployment config contracts/script/Deploy.s.sol reads, for a demo network's stake table:
 * `npx tsx libs/l1/scripts/write-deploy-config.ts [--seed demo] [--nodes 5] [--chain-id 35353] [--namespace 1]
 * [--out contracts/script/config/demo.json]`. Keys are demoKeyPair(seed, i), each with stake 1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoKeyPair, toEip2537G1 } from '@hotshot/crypto';
import { DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { zeroHash } from 'viem';

const root = join(__dirname, '..', '..', '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: 'demo' },
    nodes: { type: 'string', default: '5' },
    'chain-id': { type: 'string', default: DEFAULT_CONSENSUS_CONFIG.chainId.toString() },
    namespace: { type: 'string', default: '1' },
    out: { type: 'string', default: join(root, 'contracts', 'script', 'config', 'demo.json') },
  },
});

const nodes = Number(values.nodes);
const config = {
  description: `Demo stake table: demoKeyPair("${values.seed}", 0..${nodes - 1}), stake 1 each. Not for value.`,
  chainId: Number(values['chain-id']),
  stakeTable: Array.from({ length: nodes }, (_, i) => ({
    publicKeyG1: toEip2537G1(demoKeyPair(values.seed, i).publicKey),
    stake: '1',
  })),
  rollup: { namespace: Number(values.namespace), startHeight: 1, genesisStateRoot: zeroHash },
};
writeFileSync(values.out, `${JSON.stringify(config, null, 2)}\n`);
process.stdout.write(`wrote ${values.out}\n`);
