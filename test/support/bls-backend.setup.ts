/*
 * Jest setup: HOTSHOT_BLS_BACKEND=noble (or blst, auto) forces the BLS backend of every test in the run, so the
 * same suites prove the fallback (`npm test` runs the crypto and consensus suites once more on noble).
 */
import { selectBlsBackend, type BlsBackendPreference } from '@hotshot/crypto';

const forced = process.env.HOTSHOT_BLS_BACKEND as BlsBackendPreference | undefined;
if (forced) selectBlsBackend(forced);
