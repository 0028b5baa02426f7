import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fillUntilFull, mountTmpfs, unmountTmpfs } from '../support/tmpfs';
import { holdTime, pickNodes } from './crash-faults';
import type { FaultCheck, FaultInjector } from './fault-types';

const MiB = 1024 * 1024;
/** Room above the node's files on its tmpfs; filled at once, so its size only bounds what the fault costs in RAM. */
const HEADROOM_BYTES = 48 * MiB;
/** Transactions pushed through the other nodes until the full node fails a write (the WAL reuses its space first). */
const PUSH_TX_BYTES = 200_000;
const PUSH_MAX_TXS = 300;
/**
 * Their namespace: none the load or the rollup uses (a phase I batch of several 200 KB transactions needs more L1 gas
 * than the adaptor's budget, which would stall the rollup on L1 for the rest of the run).
 */
const PUSH_NAMESPACE = 9;
const EXIT_DEADLINE_MS = 180_000;
/** The one line a node whose storage fails writes before it exits (apps/sequencer, runtime.fatal). */
const FATAL_LINE = 'storage failed: consensus stopped';

/** Bytes of the files under `dir`. */
function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    bytes += entry.isDirectory() ? folderBytes(file) : statSync(file).size;
  }
  return bytes;
}

/**
 * Finding 5: one node's disk fills. Its data directory moves onto a tmpfs a little larger than its files, it
 * restarts there and joins, the tmpfs is filled to the last byte, and transactions of 200 KB go through the other
 * nodes until its next write fails. It must exit on its own, non-zero, with one clear error line naming the full
 * disk, and never vote on into a gap; the other four decide on meanwhile. Healing moves the files (what it wrote
 * until it stopped) back to the real disk and restarts it: it must recover from them and catch up.
 */
export const fullDisk: FaultInjector = async (ctx) => {
  const [node] = pickNodes(ctx, 1);
  const others = ctx.net.upNodes().filter((i) => i !== node);
  const dir = ctx.net.dataDir(node!);
  const onDisk = `${dir}.disk`;
  const logFile = ctx.net.logFile(`node${node}`);
  await ctx.net.stopNode(node!, 'SIGTERM');
  renameSync(dir, onDisk);
  mkdirSync(dir);
  try {
    mountTmpfs(dir, folderBytes(onDisk) + HEADROOM_BYTES);
  } catch (error) {
    // Put the node back as it was before failing the fault.
    rmSync(dir, { recursive: true, force: true });
    renameSync(onDisk, dir);
    ctx.net.startNode(node!);
    throw error;
  }
  cpSync(onDisk, dir, { recursive: true });
  const logOffset = statSync(logFile).size;
  ctx.net.startNode(node!);
  // It decides again on the tmpfs before the disk fills, so the failure hits a node at work.
  const target = Math.max(0, ...(await ctx.net.heights()).map((h) => h ?? 0)) + 1;
  const joinDeadline = Date.now() + ctx.scale.recoveryDeadlineMs;
  while (((await ctx.net.api(node!).blockHeight()) ?? 0) < target && Date.now() < joinDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const joined = ((await ctx.net.api(node!).blockHeight()) ?? 0) >= target;
  const filled = fillUntilFull(path.join(dir, 'filler'));
  const exit = ctx.net.expectNodeExit(node!, EXIT_DEADLINE_MS);
  let exited = false;
  void exit.then(() => (exited = true));
  let pushed = 0;
  while (!exited && pushed < PUSH_MAX_TXS) {
    const via = others[pushed % others.length]!;
    const result = await ctx.net.api(via).submit(PUSH_NAMESPACE, randomBytes(PUSH_TX_BYTES));
    pushed++;
    if (result.kind !== 'acknowledged') await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exitedAs = await exit;
  if (exitedAs === undefined) await ctx.net.stopNode(node!, 'SIGKILL');
  const log = readFileSync(logFile, 'utf8').slice(logOffset);
  const fatal = log.split('\n').find((line) => line.includes(FATAL_LINE));
  return {
    target: `node${node} disk`,
    holdMs: holdTime(ctx),
    progressExpected: true,
    heal: async () => {
      // What the node wrote on the tmpfs until it stopped is its disk now.
      rmSync(path.join(dir, 'filler'), { force: true });
      cpSync(dir, onDisk, { recursive: true, force: true });
      unmountTmpfs(dir);
      rmSync(dir, { recursive: true, force: true });
      renameSync(onDisk, dir);
      ctx.net.startNode(node!);
    },
    verify: async (): Promise<FaultCheck> => {
      const violations: string[] = [];
      if (!joined) violations.push(`node${node} did not decide on its tmpfs before the disk was filled`);
      if (exitedAs === undefined) {
        violations.push(`node${node} kept running ${EXIT_DEADLINE_MS} ms on a full disk (${pushed} transactions)`);
      } else if (exitedAs === 'code 0' || exitedAs.startsWith('signal')) {
        violations.push(`node${node} ended with ${exitedAs} on a full disk, not a non-zero exit code`);
      }
      if (exitedAs !== undefined) {
        if (!fatal) violations.push(`node${node} exited without the "${FATAL_LINE}" line`);
        else if (!/disk is full|ENOSPC|no space left/i.test(fatal)) {
          violations.push(`node${node}'s fatal line does not name the full disk: ${fatal.slice(0, 300)}`);
        }
        if (fatal && !fatal.includes('"level":"error"')) violations.push('the fatal line is not at level error');
      }
      if (log.includes('without gaps')) violations.push(`node${node} voted on into a gap after a failed write`);
      return {
        facts: {
          exit: exitedAs,
          filledMiB: Math.round(filled / MiB),
          transactionsPushed: pushed,
          fatal: fatal?.slice(0, 400),
        },
        violations,
      };
    },
  };
};
