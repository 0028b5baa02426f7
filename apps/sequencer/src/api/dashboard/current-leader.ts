import { leaderSchedule } from '@hotshot/consensus';
import type { StakeTable } from '@hotshot/protocol';

let cached: { table: StakeTable; leaders: readonly number[] } | undefined;

/** Who leads `view` in `table`, as the consensus core computes it; the schedule is kept for the last table asked. */
export function leaderOfView(table: StakeTable, view: number): number | null {
  if (table.length === 0) return null;
  if (cached?.table !== table) cached = { table, leaders: leaderSchedule(table.map((member) => member.stake)) };
  return cached.leaders[view % cached.leaders.length]!;
}
