#!/usr/bin/env node
'use strict';
/**
 * `npm run demo [-- flags]`: builds dist/ when it is missing or older than a source file, then runs
 * `hotshot-demo run` (apps/demo) with the given flags. Plain JavaScript so it runs before anything is built.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const main = (app) => path.join(root, 'dist', 'apps', app, 'src', 'main.js');
const apps = ['cdn-server', 'sequencer', 'hotshot-poster', 'zkevm-adaptor', 'zkevm-node', 'demo'];
const mains = apps.map(main);

/** Newest modification time of the TypeScript sources the build compiles, in ms. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'testing') newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

function isStale() {
  if (!mains.every((main) => fs.existsSync(main))) return true;
  const built = Math.min(...mains.map((main) => fs.statSync(main).mtimeMs));
  return Math.max(newestSource(path.join(root, 'apps')), newestSource(path.join(root, 'libs'))) > built;
}

if (isStale()) {
  process.stdout.write('building (dist/ is missing or older than the sources)...\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('demo: the build failed\n');
    process.exit(build.status ?? 1);
  }
}
process.argv = [process.argv[0], main('demo'), 'run', ...process.argv.slice(2)];
require(main('demo'));
