#!/usr/bin/env node
'use strict';
// `npm test`: lint, typecheck, build, every Jest test (unit and multi-process), every forge test, then one plain total line.
// Extra arguments go to Jest (e.g. `npm test -- libs/protocol`), which then skips lint and forge for a quick loop.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const jestArgs = process.argv.slice(2);
const focused = jestArgs.length > 0;

function step(title, command, args, options = {}) {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

if (!focused) {
  if (step('lint', 'npm', ['run', '--silent', 'lint']) !== 0) failedSteps.push('lint');
  // The build checks the shipped code's types; this checks the tests' too (Jest's transform strips types unchecked).
  if (step('typecheck', 'npm', ['run', '--silent', 'typecheck']) !== 0) failedSteps.push('typecheck');
}
if (step('build', 'npm', ['run', '--silent', 'build']) !== 0) {
  failedSteps.push('build');
} else {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jest-')), 'report.json');
  // A full run also prints the consensus core's line coverage and fails under its floor (jest.config.js).
  const coverage = focused ? [] : ['--coverage'];
  const jestStatus = step('jest', bin('jest'), ['--json', `--outputFile=${report}`, ...coverage, ...jestArgs]);
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    process.stdout.write(
      `jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`,
    );
  }
  if (jestStatus !== 0) failedSteps.push('jest');

  if (!focused) {
    // The fallback: the BLS suites once more with the native backend switched off (the Jest setup reads this).
    const nobleReport = report.replace(/report\.json$/, 'noble.json');
    const nobleStatus = step(
      'jest on the noble BLS backend',
      bin('jest'),
      ['--json', `--outputFile=${nobleReport}`, 'libs/crypto', 'libs/consensus/src/crypto', 'bls-scenarios'],
      { env: { ...process.env, HOTSHOT_BLS_BACKEND: 'noble' } },
    );
    if (fs.existsSync(nobleReport)) {
      const r = JSON.parse(fs.readFileSync(nobleReport, 'utf8'));
      totals.passed += r.numPassedTests;
      totals.failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
      totals.skipped += r.numPendingTests + r.numTodoTests;
      process.stdout.write(`jest (noble): ${r.numPassedTests} passed, ${r.numFailedTests} failed\n`);
    }
    if (nobleStatus !== 0) failedSteps.push('jest (noble)');
  }

  if (!focused) {
    const contracts = path.join(root, 'contracts');
    process.stdout.write('\n== forge\n');
    const forge = spawnSync(bin('forge'), ['test', '--json'], {
      cwd: contracts,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const jsonStart = forge.stdout.indexOf('{');
    if (jsonStart !== -1) {
      const suites = JSON.parse(forge.stdout.slice(jsonStart));
      for (const [suite, result] of Object.entries(suites)) {
        for (const [name, test] of Object.entries(result.test_results)) {
          const status = test.status.toLowerCase();
          const key = status === 'success' ? 'passed' : status === 'skipped' ? 'skipped' : 'failed';
          counts[key]++;
          if (key === 'failed') process.stdout.write(`FAIL ${suite} ${name}: ${test.reason ?? ''}\n`);
        }
      }
    } else {
      process.stdout.write(forge.stdout);
    }
    process.stderr.write(
      forge.stderr
        .split('\n')
        .filter((l) => !/nodedir/.test(l))
        .join('\n'),
    );
    process.stdout.write(`forge: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    if (forge.status !== 0 || jsonStart === -1) failedSteps.push('forge');
  }
}

if (failedSteps.length) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\ntotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
