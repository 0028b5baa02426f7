/** Leader slots per member in one period of the schedule: the resolution of a stake share, 1/(16 n). */
export const LEADER_SLOTS_PER_MEMBER = 16;

/**
 * The leader rotation of a stake table (DESIGN.md 4, weighted by stake): a period of 16 n views in which each
 * member leads in proportion to its stake (largest-remainder apportionment of the slots), spread as evenly as the
 * shares allow (smooth weighted round robin, ties to the lower index). Every node computes it from the stake table
 * alone, so all agree. With equal stakes it is exactly `v mod n`, the rotation before stake weighting; a member
 * whose share is below one slot never leads.
 */
export function leaderSchedule(stakes: readonly bigint[]): readonly number[] {
  const n = stakes.length;
  const slots = n * LEADER_SLOTS_PER_MEMBER;
  const total = stakes.reduce((sum, stake) => sum + stake, 0n);
  if (n === 0 || total <= 0n) throw new RangeError('a leader schedule needs a stake table holding stake');
  const scaled = stakes.map((stake) => stake * BigInt(slots));
  const weights = scaled.map((value) => Number(value / total));
  let left = slots - weights.reduce((sum, weight) => sum + weight, 0);
  const byRemainder = scaled
    .map((value, index) => ({ index, remainder: value % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0) break;
    weights[index]! += 1;
    left -= 1;
  }
  const credit = new Array<number>(n).fill(0);
  const schedule = new Array<number>(slots);
  for (let slot = 0; slot < slots; slot++) {
    let chosen = 0;
    for (let i = 0; i < n; i++) {
      credit[i]! += weights[i]!;
      if (credit[i]! > credit[chosen]!) chosen = i;
    }
    credit[chosen]! -= slots;
    schedule[slot] = chosen;
  }
  return schedule;
}
