import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPOSE_PHASE_VARIABLES, composeDefinition, phaseProfile } from '../../apps/demo/src/compose/compose-file';
import { formatComposeFile } from '../../apps/demo/src/compose/format-compose';
import { DEMO_PHASES, DOCKER_TOPOLOGY, NATIVE_TOPOLOGY, demoServices } from '../../apps/demo/src/demo-services';

const root = path.resolve(__dirname, '..', '..');
const composePath = path.join(root, 'docker-compose.yaml');

/**
 * docker-compose.yaml is checked statically (no Docker engine here): it is exactly what the demo's service
 * definition renders, in each phase (its profile enabled) each container runs the command the native demo runs for
 * that service with only the addresses changed, every binary it names is on the image's PATH, and docker-compose
 * accepts the file.
 */
describe('docker-compose.yaml and the native demo', () => {
  type ComposeService = {
    command: string[];
    environment?: Record<string, string>;
    depends_on?: Record<string, unknown>;
    profiles?: string[];
  };
  const compose = composeDefinition() as unknown as { services: Record<string, ComposeService> };

  it('is what `npm run demo:compose` writes from apps/demo/src/demo-services.ts', () => {
    expect(readFileSync(composePath, 'utf8')).toBe(formatComposeFile(composePath));
  });

  it.each(DEMO_PHASES)('runs the native demo commands of phase %s, addresses aside', (phase) => {
    const native = demoServices(NATIVE_TOPOLOGY, { phase });
    // The services compose starts with COMPOSE_PROFILES=phaseN, as the justfile sets it.
    const running = Object.entries(compose.services)
      .filter(([, service]) => !service.profiles || service.profiles.includes(phaseProfile(phase)))
      .map(([name]) => name);
    expect(running).toEqual(native.map((service) => service.name));
    // Which service listens on each port: a native 127.0.0.1:PORT is that service's name in compose.
    const owner = new Map(
      demoServices(DOCKER_TOPOLOGY, { phase }).flatMap((s) => s.ports.map((port) => [port, s.name])),
    );
    for (const service of native) {
      const expected = service.command.map((arg) =>
        arg === '127.0.0.1'
          ? '0.0.0.0'
          : arg.replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => `${owner.get(Number(port))}:${port}`),
      );
      expect({ service: service.name, command: compose.services[service.name]!.command }).toEqual({
        service: service.name,
        command: expected,
      });
      // The same variables, those of the phase left to the environment (ADAPTOR_MODE, DEMO_PHASE).
      const environment = { ...service.environment };
      for (const [name, value] of Object.entries(COMPOSE_PHASE_VARIABLES)) {
        if (environment[name] !== undefined) environment[name] = value;
      }
      expect(compose.services[service.name]!.environment ?? {}).toEqual(environment);
      expect(Object.keys(compose.services[service.name]!.depends_on ?? {})).toEqual(Object.keys(service.dependsOn));
    }
    expect(native.find((s) => s.name === 'adaptor')?.environment.ADAPTOR_MODE).toBe(
      { 1: 'basic', 2: 'offchain-da', 3: undefined }[phase],
    );
    expect(native.find((s) => s.name === 'zkevm-node')!.environment.ZKEVM_PHASE).toBe(String(phase));
  });

  it('puts only the adaptor in profiles: phases I and II, never III', () => {
    const profiled = Object.entries(compose.services).filter(([, service]) => service.profiles);
    expect(profiled.map(([name, service]) => [name, service.profiles])).toEqual([['adaptor', ['phase1', 'phase2']]]);
  });

  it('names only binaries the image puts on PATH', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const anvil = JSON.parse(readFileSync(require.resolve('@foundry-rs/anvil/package.json'), 'utf8')) as {
      bin: Record<string, string> | string;
    };
    const onPath = new Set([
      ...Object.keys(pkg.bin),
      ...(typeof anvil.bin === 'string' ? ['anvil'] : Object.keys(anvil.bin)),
    ]);
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, binary: service.command[0], onPath: onPath.has(service.command[0]!) }).toEqual({
        name,
        binary: service.command[0],
        onPath: true,
      });
    }
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    // package.json's bin scripts and anvil's platform binary are linked into /usr/local/bin (the runtime stage has
    // no npm link and no node_modules/.bin of dev dependencies); test/docker runs them in the built image.
    expect(dockerfile).toMatch(/for script in bin\/\*\.js; do ln -s "\/app\/\$script" "\/usr\/local\/bin\//);
    expect(dockerfile).toMatch(
      /ln -s \/app\/node_modules\/@foundry-rs\/anvil-linux-\*\/bin\/anvil \/usr\/local\/bin\/anvil/,
    );
  });

  it('is a valid compose file for docker-compose, whose phase comes from DEMO_PHASE', () => {
    const config = (phase?: string) =>
      spawnSync('docker-compose', ['-f', composePath, 'config'], {
        encoding: 'utf8',
        env: { ...process.env, DEMO_PHASE: phase, COMPOSE_PROFILES: phase && `phase${phase}` },
      });
    const result = spawnSync('docker-compose', ['-f', composePath, 'config', '-q'], { encoding: 'utf8' });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
      // Debian's docker-compose is not installed here (apt-get install -y docker-compose): the other checks stand.
      console.warn('docker-compose not installed: skipping `docker-compose config -q`');
      return;
    }
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    for (const phase of [undefined, '3']) {
      const resolved = config(phase);
      expect({ phase, status: resolved.status }).toEqual({ phase, status: 0 });
      expect(resolved.stdout).toContain(`ZKEVM_PHASE: '${phase ?? 1}'`);
    }
  });
});
