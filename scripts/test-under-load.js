#!/usr/bin/env node
'use strict';
// `npm run test:under-load`: builds, then runs the multi-process suites (test/cdn, test/network, test/phases,
// test/rollup) with Jest while a CPU burner keeps every core busy, as on a shared CI machine or a laptop doing other
// work. The burner is `stress-ng --cpu <cores>` when it is on PATH (Debian: apt-get install stress-ng), else worker
// threads spinning in this process. Exits with Jest's status.
// The suites run a snapshot of dist/ (HOTSHOT_DIST_DIR), so a rebuild in the same checkout during the long run
// cannot pull the binaries from under the processes it starts; each run has its own, removed when it ends.
//   Extra arguments go to Jest instead of the four folders (e.g. `npm run test:under-load -- test/cdn`).
//   UNDER_LOAD_SKIP_BUILD=1 skips the build (dist/ is current); UNDER_LOAD_CPUS=<n> sets the burner's width;
//   UNDER_LOAD_BUILD_LOCK=<file> holds flock(1) on <file> while building and taking the snapshot (shared checkouts).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');

const root = path.join(__dirname, '..');
const SUITES = ['test/cdn', 'test/network', 'test/phases', 'test/rollup'];
const cpus = Number(process.env.UNDER_LOAD_CPUS) || os.availableParallelism();
// Inside node_modules, so the snapshot's requires still find the packages by walking up. One folder per run: a second
// run beside this one (another agent, or a second copy) must not delete the binaries this one is running.
const snapshotParent = path.join(root, 'node_modules', '.cache', 'hotshot-under-load');

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Starts the burner; returns { describe, stop }. */
function startBurner() {
  if (onPath('stress-ng')) {
    // Its own process group, so stopping it stops every stressor it forked.
    const child = spawn('stress-ng', ['--cpu', String(cpus), '--quiet'], { stdio: 'ignore', detached: true });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    return {
      describe: `stress-ng --cpu ${cpus} (pid ${child.pid})`,
      async stop() {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          return; // already gone
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }, 5000);
        await exited;
        clearTimeout(timer);
      },
    };
  }
  const workers = Array.from({ length: cpus }, () => new Worker('for (;;) {}', { eval: true }));
  return {
    describe: `${cpus} spinning worker threads (stress-ng is not on PATH)`,
    async stop() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Builds (unless skipped) and copies dist/ to `snapshot`; returns the build's status. */
async function buildAndSnapshot(snapshot) {
  if (process.env.UNDER_LOAD_SKIP_BUILD !== '1') {
    process.stdout.write('\n== build\n');
    const built = await run('npm', ['run', '--silent', 'build']);
    if (built !== 0) return built;
  }
  if (!fs.existsSync(path.join(root, 'dist', 'apps'))) {
    process.stderr.write('no build in dist/: run npm run build\n');
    return 1;
  }
  fs.rmSync(snapshot, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'dist'), snapshot, { recursive: true });
  return 0;
}

async function main() {
  if (process.argv[2] === '--build-and-snapshot') return buildAndSnapshot(process.argv[3]);
  fs.mkdirSync(snapshotParent, { recursive: true });
  const snapshot = path.join(fs.mkdtempSync(path.join(snapshotParent, 'run-')), 'dist');
  const removeSnapshot = () => fs.rmSync(path.dirname(snapshot), { recursive: true, force: true });
  const lock = process.env.UNDER_LOAD_BUILD_LOCK;
  const prepared = lock
    ? await run('flock', [lock, process.execPath, __filename, '--build-and-snapshot', snapshot])
    : await buildAndSnapshot(snapshot);
  if (prepared !== 0) {
    removeSnapshot();
    return prepared;
  }
  process.env.HOTSHOT_DIST_DIR = snapshot;
  const burner = startBurner();
  let stopping;
  const stop = () => (stopping ??= burner.stop());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () =>
      stop().then(() => {
        removeSnapshot();
        process.exit(130);
      }),
    );
  }
  const started = Date.now();
  process.stdout.write(`\n== jest under load: ${burner.describe}; load average ${os.loadavg()[0].toFixed(1)}\n`);
  const jestArgs = process.argv.slice(2);
  const status = await run(path.join(root, 'node_modules', '.bin', 'jest'), jestArgs.length ? jestArgs : SUITES);
  const load = os.loadavg()[0].toFixed(1);
  await stop();
  removeSnapshot();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`\nunder load: jest exited ${status} after ${minutes} min (load average ${load})\n`);
  return status;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
