/**
 * Writes docker-compose.yaml from the demo's service definitions (apps/demo/src/demo-services.ts), formatted with
 * the repository's Prettier settings: `npm run demo:compose`. test/phases/demo-compose.spec.ts checks the committed
 * file is what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatComposeFile } from '../../apps/demo/src/compose/format-compose';

async function main(): Promise<void> {
  const path = join(__dirname, '..', '..', 'docker-compose.yaml');
  writeFileSync(path, formatComposeFile(path));
  process.stdout.write(`wrote ${path}\n`);
}

void main();
