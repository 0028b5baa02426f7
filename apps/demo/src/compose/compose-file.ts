import {
  DEMO_PHASES,
  DOCKER_TOPOLOGY,
  demoServiceDefinitions,
  type DemoPhase,
  type DemoService,
  type StartCondition,
} from '../demo-services';

/** The image every service runs (one image, the compose file picks the binary). */
export const DEMO_IMAGE = 'hotshot-ts:local';
/** Where the shared volume is mounted: every service's working directory, as the run directory is natively. */
export const DATA_DIR = '/data';

/** A docker-compose document as plain data. */
export type ComposeValue = string | number | readonly ComposeValue[] | { readonly [key: string]: ComposeValue };

const CONDITIONS: Readonly<Record<StartCondition, string>> = {
  started: 'service_started',
  healthy: 'service_healthy',
  completed: 'service_completed_successfully',
};

/**
 * The variables whose value depends on the phase, and what the compose file puts instead: the variable the justfile
 * sets (`DEMO_PHASE=2 just demo`), with phase I's value by default.
 */
export const COMPOSE_PHASE_VARIABLES: Readonly<Record<string, string>> = {
  ADAPTOR_MODE: '${ADAPTOR_MODE:-basic}',
  ZKEVM_PHASE: '${DEMO_PHASE:-1}',
};

/** The compose profile that enables the services of `phase` that do not run in every phase. */
export function phaseProfile(phase: DemoPhase): string {
  return `phase${phase}`;
}

/**
 * docker-compose.yaml as data: every service of demoServiceDefinitions with the docker topology, in one static file
 * for all phases. Phase-dependent variables come from the environment (COMPOSE_PHASE_VARIABLES), and a service that
 * runs in some phases only (the adaptor, not in III) sits in their profiles, so `COMPOSE_PROFILES=phase3` leaves it
 * out; the justfile sets both from DEMO_PHASE.
 */
export function composeDefinition(): { [key: string]: ComposeValue } {
  const services: { [key: string]: ComposeValue } = {};
  for (const service of demoServiceDefinitions(DOCKER_TOPOLOGY, { phase: 1 })) {
    services[service.name] = composeService(service);
  }
  return { services, volumes: { 'demo-data': {} } };
}

function composeService(service: DemoService): { [key: string]: ComposeValue } {
  const environment: { [key: string]: string } = { ...service.environment };
  for (const [name, value] of Object.entries(COMPOSE_PHASE_VARIABLES)) {
    if (name in environment) environment[name] = value;
  }
  const profiles = service.phases && service.phases.length < DEMO_PHASES.length ? service.phases.map(phaseProfile) : [];
  const dependsOn: { [key: string]: ComposeValue } = {};
  for (const [name, condition] of Object.entries(service.dependsOn))
    dependsOn[name] = { condition: CONDITIONS[condition] };
  return {
    image: DEMO_IMAGE,
    build: '.',
    ...(profiles.length > 0 && { profiles }),
    command: [...service.command],
    ...(service.usesData && { working_dir: DATA_DIR, volumes: [`demo-data:${DATA_DIR}`] }),
    ...(Object.keys(environment).length > 0 && { environment }),
    ...(service.ports.length > 0 && { ports: service.ports.map((port) => `${port}:${port}`) }),
    ...(Object.keys(dependsOn).length > 0 && { depends_on: dependsOn }),
    ...(service.healthUrl && { healthcheck: healthCheck(service.healthUrl) }),
    restart: service.oneShot ? 'no' : 'on-failure',
  };
}

/**
 * How compose checks a service with a health URL. The probe is bash alone (one HTTP/1.1 request over /dev/tcp, no
 * Node to start), a few milliseconds even on a loaded machine, where `node -e "fetch(...)"` took 4 s. The timings
 * are for a loaded 2-core laptop starting a dozen containers at once: a check every 5 s, 10 s to answer (the
 * service's own event loop may be busy), failures in the first 5 minutes not counted (sequencers are healthy only
 * once all of them have joined), and 12 in a row (a minute) before a service counts as unhealthy.
 */
export function healthCheck(url: string): { [key: string]: ComposeValue } {
  return {
    test: ['CMD', 'bash', '-c', healthProbe(url)],
    interval: '5s',
    timeout: '10s',
    start_period: '300s',
    retries: 12,
  };
}

/** A bash command that exits 0 when GET `url` (http, a literal host) answers with `"status":"ok"` in its body. */
export function healthProbe(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  const request = `GET ${pathname} HTTP/1.1\\r\\nHost: ${hostname}\\r\\nConnection: close\\r\\n\\r\\n`;
  return `exec 3<>/dev/tcp/${hostname}/${port || 80} && printf '${request}' >&3 && grep -q '"status":"ok"' <&3`;
}

/**
 * Renders compose data as YAML: block mappings for structure, every scalar and every list of scalars as JSON
 * (JSON strings and arrays are valid YAML flow scalars and sequences), so the output needs no YAML library and
 * has no ambiguous scalars ("no", "1.0", "0x..." stay strings).
 */
export function renderYaml(value: { [key: string]: ComposeValue }, indent = 0): string {
  let text = '';
  for (const [key, item] of Object.entries(value)) {
    const pad = ' '.repeat(indent);
    if (isMapping(item)) {
      text += Object.keys(item).length === 0 ? `${pad}${key}: {}\n` : `${pad}${key}:\n${renderYaml(item, indent + 2)}`;
    } else if (Array.isArray(item) && item.some((element) => typeof element === 'object')) {
      throw new TypeError(`renderYaml: ${key} holds a list of collections, which this renderer does not write`);
    } else {
      text += `${pad}${key}: ${JSON.stringify(item)}\n`;
    }
  }
  return text;
}

function isMapping(value: ComposeValue): value is { readonly [key: string]: ComposeValue } {
  return typeof value === 'object' && !Array.isArray(value);
}

/** The whole docker-compose.yaml text. */
export function renderComposeFile(): string {
  return [
    '# The demo network as containers: the services and commands of apps/demo/src/demo-services.ts, the same the',
    '# native demo (npm run demo) runs as local processes. Generated by `npm run demo:compose`; do not edit by hand',
    '# (test/phases/demo-compose.spec.ts fails when this file and the definition differ).',
    '# `just demo` (DEMO_PHASE=2 or 3 for phase II or III), `just demo-background`, `just down`. Without just, set',
    '# DEMO_PHASE=N and COMPOSE_PROFILES=phaseN (the adaptor runs in profiles phase1 and phase2, not in phase III),',
    '# and ADAPTOR_MODE=offchain-da for phase II.',
    renderYaml(composeDefinition()),
  ].join('\n');
}
