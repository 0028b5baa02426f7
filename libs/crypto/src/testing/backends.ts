import type { BlsBackend } from '../bls/backend';
import { nobleBackend } from '../bls/noble-backend';
import { nativeBlsBackend } from '../bls/select-backend';

/**
 * Both BLS backends, for specs that must hold on each (`describe.each(bothBackends())`). Throws when blst does not
 * load: the tests run where the native backend must work.
 */
export function bothBackends(): [string, BlsBackend][] {
  const blst = nativeBlsBackend();
  if (!blst) throw new Error('the native BLS backend (@chainsafe/blst) does not load; the cross-check needs it');
  return [
    ['blst', blst],
    ['noble', nobleBackend],
  ];
}
