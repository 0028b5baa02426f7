import type { StartedInput } from '../../types/inputs';
import type { StepScope } from '../scope';
import { freshPersistedState } from '../state';
import { restore } from './on-restored';

/** The network started and this node never ran (DESIGN.md 4): begin at view 1 on genesis, as if restored. */
export function onStarted(scope: StepScope, _input: StartedInput): void {
  restore(scope, freshPersistedState(scope.ctx));
}
