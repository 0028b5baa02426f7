import { intFlag } from '@hotshot/config';

/** `--startup-timeout`, shared by the demo and the dev node: each reads it from its own environment variable. */
export function startupTimeoutFlag(env: string) {
  return intFlag({
    env,
    description: 'Seconds each startup step (L1 up, network up, deploy) may take.',
    default: 180,
    min: 5,
    max: 3600,
    placeholder: '<seconds>',
  });
}
