#!/usr/bin/env node
'use strict';
// The registry reachable here serves only this platform's builds of packages like @swc/core and
// @foundry-rs/forge, so `npm install` leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` then refuses the lockfile as out of sync. This records each missing
// optional package with the os/cpu its name declares; `npm ci` skips such entries on any other platform,
// so nothing is fetched for them. Idempotent; run after `npm install` changes the lockfile.
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));

const OS = [
  [/darwin/, 'darwin'],
  [/win32|windows/, 'win32'],
  [/android/, 'android'],
  [/freebsd/, 'freebsd'],
  [/openharmony/, 'openharmony'],
  [/linux/, 'linux'],
];
const CPU = [
  [/wasm32/, 'wasm32'],
  [/arm64|aarch64/, 'arm64'],
  [/x64|amd64|x86_64/, 'x64'],
  [/ia32/, 'ia32'],
  [/armv7|arm-|-arm$/, 'arm'],
  [/ppc64/, 'ppc64'],
  [/s390x/, 's390x'],
  [/riscv64/, 'riscv64'],
  [/loong64/, 'loong64'],
];
const match = (table, name) => table.find(([pattern]) => pattern.test(name))?.[1];

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const os = match(OS, name);
    const cpu = match(CPU, name);
    if (!os && !cpu) {
      console.warn(`lock-foreign-platforms: cannot tell the platform of ${name}; left out`);
      continue;
    }
    lock.packages[`node_modules/${name}`] = {
      version: range.replace(/^[\^~=]/, ''),
      optional: true,
      ...(os && { os: [os] }),
      ...(cpu && { cpu: [cpu] }),
    };
    added++;
  }
}
if (added) {
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`lock-foreign-platforms: recorded ${added} optional packages for other platforms`);
