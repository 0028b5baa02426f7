import { holdTime } from './crash-faults';
import type { FaultContext, FaultInjector, InjectedFault } from './fault-types';

/** kill -9 of the commitment poster (often with a newBlocks transaction pending); it resumes from HotShot.sol. */
export const kill9Poster: FaultInjector = async (ctx) => restartL1Service(ctx, 'poster');

/** kill -9 of the zkEVM adaptor; it resumes from the rollup's sequencedHeight. */
export const kill9Adaptor: FaultInjector = async (ctx) => restartL1Service(ctx, 'adaptor');

async function restartL1Service(ctx: FaultContext, which: 'poster' | 'adaptor'): Promise<InjectedFault> {
  const l1 = ctx.l1;
  if (!l1) throw new Error(`kill9-${which} needs the L1 side; run with it`);
  const service = which === 'poster' ? l1.poster : l1.adaptor;
  await service.stop('SIGKILL');
  let atHeal = 0;
  return {
    target: which,
    holdMs: holdTime(ctx),
    progressExpected: true,
    heal: async () => {
      const heights = await l1.heights();
      atHeal = which === 'poster' ? heights.hotShot : heights.rollup;
      service.start();
    },
    // Recovered once the L1 height it drives moves past where it stood when the process came back.
    recovered: async () => {
      const heights = await l1.heights();
      return (which === 'poster' ? heights.hotShot : heights.rollup) > atHeal;
    },
  };
}
