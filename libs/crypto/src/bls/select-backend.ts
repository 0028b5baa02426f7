import { BaseError } from '@hotshot/protocol';
import type { BlsBackend, BlsBackendName } from './backend';
import { loadBlstBackend } from './blst-backend';
import { nobleBackend } from './noble-backend';

/** Which BLS backend to run: `auto` takes blst and falls back to noble when the native module cannot load. */
export type BlsBackendPreference = 'auto' | BlsBackendName;

/** The choices of BlsBackendPreference, for flag parsing. */
export const BLS_BACKEND_PREFERENCES: readonly BlsBackendPreference[] = ['auto', 'blst', 'noble'];

/** The backend chosen, and why it is not blst when `auto` had to fall back. */
export interface BlsBackendSelection {
  readonly backend: BlsBackend;
  readonly fallbackReason?: string;
}

/** `blst` was asked for and the native module does not load on this machine. */
export class BlsBackendUnavailableError extends BaseError {
  override name = 'BlsBackendUnavailableError';
  constructor(cause: unknown) {
    super('the native BLS backend (@chainsafe/blst) does not load here; run with --bls-backend noble or auto', {
      cause,
    });
  }
}

let active: BlsBackend | undefined;
let blst: BlsBackend | undefined;
let blstLoadError: unknown;

/** blst when it loads here (tried once), else undefined with the load error kept. */
export function nativeBlsBackend(): BlsBackend | undefined {
  if (!blst && blstLoadError === undefined) {
    try {
      blst = loadBlstBackend();
    } catch (error) {
      blstLoadError = error ?? new Error('unknown load failure');
    }
  }
  return blst;
}

/**
 * Chooses the process's BLS backend (once at start; later calls replace it, for tests). Throws
 * BlsBackendUnavailableError when `blst` is asked for and cannot load.
 */
export function selectBlsBackend(preference: BlsBackendPreference): BlsBackendSelection {
  if (preference === 'noble') {
    active = nobleBackend;
    return { backend: active };
  }
  const native = nativeBlsBackend();
  if (native) {
    active = native;
    return { backend: active };
  }
  if (preference === 'blst') throw new BlsBackendUnavailableError(blstLoadError);
  active = nobleBackend;
  return { backend: active, fallbackReason: describe(blstLoadError) };
}

/** The process's BLS backend; `auto` is selected on first use when nothing chose one. */
export function blsBackend(): BlsBackend {
  return active ?? selectBlsBackend('auto').backend;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
