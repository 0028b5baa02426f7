#!/usr/bin/env node
'use strict';
/**
 * `npm run test:docker`: the Docker demo's end-to-end test (docker-demo.e2e-spec.ts), which the default Jest run
 * leaves out (jest.config.js). Where it cannot run (no Docker engine answers, no compose tool, no just), it runs
 * nothing and says so on one line, `docker demo: skipped: <why>`, and exits 0; otherwise it runs the test and ends
 * with one plain line, `docker: N passed, N failed`. Extra arguments go to Jest.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const ok = (command, args) => spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).status === 0;

function skipReason() {
  if (!ok('docker', ['--version'])) return 'no docker CLI on PATH (../shared/tools/docker-engine.sh installs one)';
  if (!ok('docker', ['info'])) return "no Docker engine answers 'docker info' (start dockerd)";
  if (!ok('docker', ['compose', 'version']) && !ok('docker-compose', ['version'])) {
    return "neither 'docker compose' nor 'docker-compose' is installed";
  }
  if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'just'))) return 'just is not installed (npm ci)';
  return undefined;
}

const reason = skipReason();
if (reason) {
  process.stdout.write(`docker demo: skipped: ${reason}\n`);
  process.exit(0);
}

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-docker-')), 'report.json');
const jest = spawnSync(
  path.join(root, 'node_modules', '.bin', 'jest'),
  [
    // The default run ignores test/docker; this run ignores only node_modules.
    '--testPathIgnorePatterns=/node_modules/',
    '--runInBand',
    '--json',
    `--outputFile=${report}`,
    'test/docker',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
let passed = 0;
let failed = 1;
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
}
process.stdout.write(`docker: ${passed} passed, ${failed} failed\n`);
process.exit(jest.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
