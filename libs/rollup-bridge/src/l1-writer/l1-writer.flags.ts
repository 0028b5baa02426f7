import { enumFlag, optionalIntFlag, optionalStringFlag, stringFlag, urlFlag } from '@hotshot/config';
import { L1_URL_PROTOCOLS } from '@hotshot/l1';

/**
 * The flags runL1Writer reads (L1WriterFlags), for a bridge binary whose variables start with `prefix` (`POSTER`
 * gives POSTER_L1_URL): `l1` is where it writes and with which account, `ops` its metrics server and log level. Two
 * groups so a binary lists its own flags between them in --help. `deploymentHolds` says what the binary takes from the
 * deployment file.
 */
export function l1WriterFlags(prefix: string, deploymentHolds: string) {
  return {
    l1: {
      'l1-url': urlFlag({
        env: `${prefix}_L1_URL`,
        description: 'L1 JSON-RPC endpoint.',
        protocols: L1_URL_PROTOCOLS,
      }),
      'l1-key-file': optionalStringFlag({
        env: `${prefix}_L1_KEY_FILE`,
        description: `File holding the hex private key of the L1 account that posts (or set ${prefix}_L1_KEY).`,
        placeholder: '<path>',
      }),
      'l1-key': optionalStringFlag({
        env: `${prefix}_L1_KEY`,
        description: 'Hex private key of the L1 account; prefer the variable to the flag, which ps shows.',
        placeholder: '<hex>',
      }),
      deployment: stringFlag({
        env: `${prefix}_DEPLOYMENT`,
        description: `Deployment JSON with ${deploymentHolds} (written by the deploy step).`,
        default: './deployment.json',
        placeholder: '<path>',
      }),
    },
    ops: {
      'metrics-port': optionalIntFlag({
        env: `${prefix}_METRICS_PORT`,
        description: 'Port for /metrics (Prometheus) and /healthz (off when unset).',
        min: 0,
        max: 65535,
        placeholder: '<port>',
      }),
      'metrics-host': stringFlag({
        env: `${prefix}_METRICS_HOST`,
        description: 'Address the metrics server binds to.',
        default: '127.0.0.1',
        placeholder: '<address>',
      }),
      'log-level': enumFlag({
        env: `${prefix}_LOG_LEVEL`,
        description: 'Least severe log level written to stdout.',
        default: 'info',
        values: ['debug', 'info', 'warn', 'error'] as const,
      }),
    },
  } as const;
}
