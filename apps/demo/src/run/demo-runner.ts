import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FlagValues } from '@hotshot/config';
import { readDeploymentFile } from '@hotshot/l1';
import { sleep } from '@hotshot/telemetry';
import {
  DEMO_ROLLUP_CHAIN_ID,
  NATIVE_TOPOLOGY,
  demoServices,
  phaseNumeral,
  rollupRpcPort,
  sequencerApiPort,
  type DemoPhase,
  type DemoPorts,
} from '../demo-services';
import { loadLatencyOf, type LoadLatency } from '../load/load-progress';
import { DemoProbe } from './demo-probe';
import { demoStatus, formatStatusLine, type DemoSample, type DemoStatus } from './demo-status';
import {
  abortOnSignals,
  assertPortsFree,
  completed,
  healthy,
  l1Answers,
  startService,
  waitForService as waitFor,
} from './local-services';
import { ProcessGroup, type ManagedProcess } from './process-group';
import type { runFlags } from './run.flags';

const PHASES: Readonly<Record<FlagValues<typeof runFlags>['phase'], DemoPhase>> = { '1': 1, '2': 2, '3': 3 };

/** Output of the demo: the status line goes to a TTY in place, or as plain lines every few seconds. */
export interface DemoOutput {
  readonly isTTY: boolean;
  write(text: string): void;
}

/**
 * The native demo: anvil, cdn-server, five sequencers, the deploy step, the poster, the adaptor (phases I and II),
 * the rollup node and the load generator as local processes with the commands of demo-services.ts, one status line
 * while it runs, a clean stop on Ctrl-C or after --duration, and a final JSON summary line.
 */
export async function runDemo(flags: FlagValues<typeof runFlags>, out: DemoOutput): Promise<DemoStatus> {
  const phase = PHASES[flags.phase];
  const ports: DemoPorts = { base: flags['base-port'], l1: flags['l1-port'] };
  const runDir = resolve(
    flags['run-dir'] ?? join(tmpdir(), `hotshot-demo-${new Date().toISOString().replace(/[:.]/g, '-')}`),
  );
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  out.write(`demo phase ${phaseNumeral(phase)}: logs and data in ${runDir}\n`);

  const services = demoServices(NATIVE_TOPOLOGY, {
    phase,
    ports,
    load: { rollupRate: flags.rate, otherRate: flags['other-rate'] },
    remoteSigner: flags['remote-signer'],
  });
  await assertPortsFree(
    services.flatMap((service) => service.ports),
    'pick others with --base-port and --l1-port',
  );
  const group = new ProcessGroup(runDir);
  const shutdown = abortOnSignals(group);

  const byName = new Map(services.map((service) => [service.name, service]));
  let loadP50: LoadLatency = { recent: null, all: null };
  const start = (name: string): ManagedProcess => {
    return startService(group, byName.get(name)!, {
      onLine: (line) => {
        if (name === 'load') loadP50 = loadLatencyOf(line) ?? loadP50;
      },
    });
  };
  const l1Url = `http://127.0.0.1:${ports.l1}`;
  const apiUrl = `http://127.0.0.1:${sequencerApiPort(ports, 0)}`;
  const rollupUrl = `http://127.0.0.1:${rollupRpcPort(ports)}`;
  const probe = new DemoProbe(apiUrl, l1Url, rollupUrl);
  const timeoutMs = flags['startup-timeout'] * 1000;
  const signal = shutdown.signal;
  // The summary's rates run from the first samples to the last: keep those, not every sample of a long run.
  const firstSamples: DemoSample[] = [];
  const window: DemoSample[] = [];

  try {
    out.write('starting anvil...\n');
    const anvil = start('anvil');
    await waitFor('anvil', anvil, signal, timeoutMs, () => l1Answers(l1Url));
    if (signal.aborted) return await finish();
    out.write('registering the 5 validators in StakeTable.sol on L1...\n');
    if (!(await completed(start('register'), signal))) return await finish();
    if (flags['remote-signer']) {
      out.write('starting one sequencer-signer holding the 5 keystores...\n');
      if (!(await completed(start('signer-keys'), signal))) return await finish();
      const signer = start('signer');
      await waitFor('the signer', signer, signal, timeoutMs, () => healthy(byName.get('signer')!.healthUrl!));
      if (signal.aborted) return await finish();
    }
    out.write('starting cdn-server and 5 sequencers, which read the stake table on L1...\n');
    start('cdn-server');
    const nodes = services.filter((s) => s.name.startsWith('sequencer')).map((s) => start(s.name));
    await waitFor('the network', nodes[0]!, signal, timeoutMs, async () => ((await probe.sample()).height ?? 0) >= 1);
    if (signal.aborted) return await finish();
    out.write(`dashboard: ${apiUrl}/dashboard (every sequencer serves one on its API port)\n`);
    out.write('network deciding; deploying the contracts...\n');
    if (!(await completed(start('deploy'), signal))) return await finish();
    const deployment = readDeploymentFile(join(runDir, 'deployment.json'));
    probe.setContracts(deployment);
    // What follows the deploy step in this phase: the poster, the adaptor (not in III), the rollup node, the load.
    const rest = services.slice(services.findIndex((s) => s.name === 'deploy') + 1).map((s) => s.name);
    out.write(`deployed HotShot ${deployment.hotShot}, rollup ${deployment.rollup}; starting ${rest.join(', ')}\n`);
    out.write(`rollup L2 JSON-RPC for wallets: ${rollupUrl} (chain id ${DEMO_ROLLUP_CHAIN_ID})\n`);
    for (const name of rest) start(name);
  } catch (error) {
    await group.stopAll();
    shutdown.dispose();
    throw error;
  }

  const startedAt = Date.now();
  const reported = new Set<string>();
  let lastPrint = 0;
  while (!signal.aborted) {
    if (flags.duration > 0 && Date.now() - startedAt >= flags.duration * 1000) break;
    const sample = await probe.sample();
    if (firstSamples.length < 10) firstSamples.push(sample);
    window.push(sample);
    while (window.length > 6) window.shift();
    for (const exited of services.filter((s) => !s.oneShot)) {
      const managed = group.running().find((p) => p.name === exited.name);
      if (!managed && !reported.has(exited.name)) {
        reported.add(exited.name);
        out.write(
          `${out.isTTY ? '\n' : ''}${exited.name} exited; its log: ${join(runDir, 'logs', `${exited.name}.log`)}\n`,
        );
      }
    }
    const line = formatStatusLine(demoStatus(phase, window, loadP50.recent), (Date.now() - startedAt) / 1000);
    if (out.isTTY) out.write(`\r\x1b[2K${line}`);
    else if (Date.now() - lastPrint >= 5000) {
      lastPrint = Date.now();
      out.write(`${line}\n`);
    }
    await sleep(1000, signal);
  }
  return finish();

  async function finish(): Promise<DemoStatus> {
    if (out.isTTY) out.write('\n');
    out.write('stopping...\n');
    window.push(await probe.sample());
    await group.stopAll();
    shutdown.dispose();
    const status = demoStatus(phase, [...firstSamples, ...window], loadP50.all);
    out.write(`${JSON.stringify({ ...status, runDir })}\n`);
    return status;
  }
}
