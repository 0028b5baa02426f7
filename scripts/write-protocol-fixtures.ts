/**
 * `npm run fixtures`: writes contracts/test/fixtures/protocol-vectors.json, the cross-language vectors that
 * contracts/test/ProtocolVectors.t.sol checks against Solidity. Deterministic, so the committed file only changes
 * when an encoding does; a Jest test fails when the file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderProtocolVectors } from '@hotshot/crypto';

const target = join(__dirname, '..', 'contracts', 'test', 'fixtures', 'protocol-vectors.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderProtocolVectors());
process.stdout.write(`${JSON.stringify({ wrote: target })}\n`);
