import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Folders this process mounted a tmpfs on and has not unmounted yet. */
const mounted = new Set<string>();
let probed: { reason: string | undefined } | undefined;

/**
 * Why this machine cannot mount a tmpfs (mounting needs root), or undefined when it can. Probed once: the
 * full-disk fault simulates a full disk as the storage-failure e2e test does, with a small tmpfs under a node.
 */
export function cannotMountTmpfs(): string | undefined {
  if (probed) return probed.reason;
  const probe = mkdtempSync(path.join(os.tmpdir(), 'faults-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    probed = { reason: undefined };
  } catch (error) {
    probed = { reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  return probed.reason;
}

/** Mounts a tmpfs of `bytes` (rounded up to MiB) on the existing, empty folder `dir`. */
export function mountTmpfs(dir: string, bytes: number): void {
  const mib = Math.ceil(bytes / (1024 * 1024));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', dir], { stdio: 'pipe' });
  mounted.add(dir);
}

/** Unmounts the tmpfs on `dir`. */
export function unmountTmpfs(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
  mounted.delete(dir);
}

/** Unmounts every tmpfs still mounted (a session that failed midway), so its run folder can be removed. */
export function unmountAllTmpfs(): void {
  for (const dir of [...mounted]) {
    try {
      unmountTmpfs(dir);
    } catch {
      // A process still holds a file there: the folder stays for a person to look at.
    }
  }
}

/** Writes `file` until the file system refuses with ENOSPC; returns the bytes written. */
export function fillUntilFull(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}
