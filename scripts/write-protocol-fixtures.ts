/**
 * `npm run fixtures`: writes the cross-language vectors that forge tests check against Solidity:
 * contracts/test/fixtures/protocol-vectors.json (ProtocolVectors.t.sol) and proof-of-possession-vectors.json
 * (StakeTable.PopVectors.t.sol). Deterministic, so the committed files only change when an encoding does; a Jest
 * test fails when a file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderProofOfPossessionVectors, renderProtocolVectors } from '@hotshot/crypto';

const fixtures = join(__dirname, '..', 'contracts', 'test', 'fixtures');
mkdirSync(fixtures, { recursive: true });
const files: [string, string][] = [
  ['protocol-vectors.json', renderProtocolVectors()],
  ['proof-of-possession-vectors.json', renderProofOfPossessionVectors()],
];
for (const [name, text] of files) writeFileSync(join(fixtures, name), text);
process.stdout.write(`${JSON.stringify({ wrote: files.map(([name]) => join(fixtures, name)) })}\n`);
