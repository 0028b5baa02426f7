import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeDefinition } from '../../apps/demo/src/compose/compose-file';
import { formatComposeFile } from '../../apps/demo/src/compose/format-compose';
import { DOCKER_TOPOLOGY, NATIVE_TOPOLOGY, demoServices } from '../../apps/demo/src/demo-services';

const root = path.resolve(__dirname, '..', '..');
const composePath = path.join(root, 'docker-compose.yaml');

/**
 * docker-compose.yaml is checked statically (no Docker engine here): it is exactly what the demo's service
 * definition renders, each container runs the command the native demo runs for that service with only the
 * addresses changed, every binary it names is on the image's PATH, and docker-compose accepts the file.
 */
describe('docker-compose.yaml and the native demo', () => {
  type ComposeService = {
    command: string[];
    environment?: Record<string, string>;
    depends_on?: Record<string, unknown>;
  };
  const compose = composeDefinition() as unknown as { services: Record<string, ComposeService> };

  it('is what `npm run demo:compose` writes from apps/demo/src/demo-services.ts', () => {
    expect(readFileSync(composePath, 'utf8')).toBe(formatComposeFile(composePath));
  });

  it.each([1, 2] as const)('runs the native demo commands of phase %s, addresses aside', (phase) => {
    const native = demoServices(NATIVE_TOPOLOGY, { phase });
    expect(Object.keys(compose.services)).toEqual(native.map((service) => service.name));
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
      // The same variables, the adaptor's mode left to ADAPTOR_MODE (basic by default).
      const environment = { ...service.environment };
      if (environment.ADAPTOR_MODE) environment.ADAPTOR_MODE = '${ADAPTOR_MODE:-basic}';
      expect(compose.services[service.name]!.environment ?? {}).toEqual(environment);
      expect(Object.keys(compose.services[service.name]!.depends_on ?? {})).toEqual(Object.keys(service.dependsOn));
    }
    expect(native.find((s) => s.name === 'adaptor')!.environment.ADAPTOR_MODE).toBe(
      phase === 1 ? 'basic' : 'offchain-da',
    );
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
    expect(dockerfile).toMatch(/npm link/);
    expect(dockerfile).toMatch(/ENV PATH=\/app\/node_modules\/\.bin:/);
  });

  it('is a valid compose file for docker-compose', () => {
    const result = spawnSync('docker-compose', ['-f', composePath, 'config', '-q'], { encoding: 'utf8' });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
      // Debian's docker-compose is not installed here (apt-get install -y docker-compose): the other checks stand.
      console.warn('docker-compose not installed: skipping `docker-compose config -q`');
      return;
    }
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
