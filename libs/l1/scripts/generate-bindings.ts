/**
 * Writes libs/l1/src/generated/*.ts (ABIs and bytecode `as const`) from the forge artifacts in contracts/out.
 * Run `forge build` in contracts/ first. With `--check`, writes nothing and exits 1 when a file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOUND_CONTRACTS, readArtifact, renderBindings } from '../src/bindings/render-bindings';

const root = join(__dirname, '..', '..', '..');
const outDir = join(root, 'contracts', 'out');
const generatedDir = join(__dirname, '..', 'src', 'generated');

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const contract of BOUND_CONTRACTS) {
    const target = join(generatedDir, contract.file);
    const source = renderBindings(contract, readArtifact(outDir, contract.name), target);
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // A missing file is a stale one.
    }
    if (current === source) continue;
    stale++;
    if (check) process.stderr.write(`stale: ${target}\n`);
    else writeFileSync(target, source);
  }
  process.stdout.write(check ? `${stale} stale binding file(s)\n` : `${stale} binding file(s) written\n`);
  return check && stale > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
