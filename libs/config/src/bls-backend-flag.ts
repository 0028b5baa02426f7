import { enumFlag } from './flag';

/**
 * `--bls-backend auto|blst|noble` (env HOTSHOT_BLS_BACKEND): the BLS implementation a binary signs and verifies
 * with. `auto` takes the native blst and falls back to noble, with a log line, where it cannot load.
 */
export const blsBackendFlag = enumFlag({
  env: 'HOTSHOT_BLS_BACKEND',
  description:
    'BLS implementation: auto (native blst, or noble where blst cannot load), blst (refuse to start without it) or noble (portable, about 40x slower).',
  values: ['auto', 'blst', 'noble'] as const,
  default: 'auto',
});
