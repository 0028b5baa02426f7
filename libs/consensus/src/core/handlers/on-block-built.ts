import type { BlockBuiltInput } from '../../types/inputs';
import { completeBlock } from '../proposing';
import type { StepScope } from '../scope';

/** The block builder answered BuildBlock (DESIGN.md 4 step 1): the leader turns the block into its proposal. */
export function onBlockBuilt(scope: StepScope, input: BlockBuiltInput): void {
  if (!scope.state.started) return scope.ignore('BlockBuilt', scope.ctx.self, input.view, 'not-started');
  completeBlock(scope, input);
}
