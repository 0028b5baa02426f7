import { ScriptedCluster } from './scripted-cluster';
import { InvariantChecker, type ObservedNode } from './invariants';
import type { DecideEffect } from '../types/effects';
import type { LeafRecord } from '../types/state';

/** A decide of `leaves` proven by a QC on `child`. */
function decide(cluster: ScriptedCluster, leaves: LeafRecord[], child: LeafRecord): DecideEffect {
  return {
    kind: 'Decide',
    leaves: leaves.map(({ leaf, commitment }) => ({ leaf, commitment })),
    qc: cluster.qc(child),
    child: child.leaf,
  };
}

describe('the simulator’s invariant checker catches what it must', () => {
  const cluster = new ScriptedCluster();
  const leaf1 = cluster.child(cluster.genesis, 1);
  const leaf2 = cluster.child(leaf1, 2);
  const fork1 = cluster.child(cluster.genesis, 1, { timestamp: 12345 });
  const forkChild = cluster.child(fork1, 2);
  const honest = (index: number, persisted?: ObservedNode['persisted'], decidedHeight = 0): ObservedNode => ({
    index,
    honest: true,
    persisted,
    decidedHeight,
  });

  it('two different leaves decided at one height (safety)', () => {
    const checker = new InvariantChecker(() => 0, false);
    checker.onDecide(honest(0), decide(cluster, [leaf1], leaf2), 3);
    expect(checker.violations).toEqual([]);
    checker.onDecide(honest(1), decide(cluster, [fork1], forkChild), 3);
    expect(checker.violations.map((v) => v.invariant)).toEqual(['safety']);
  });

  it('a gap, a chain that does not extend, or a decide without its two-chain proof', () => {
    const leaf3 = cluster.child(leaf2, 3);
    const gap = new InvariantChecker(() => 0, false);
    gap.onDecide(honest(0), decide(cluster, [leaf2], leaf3), 4);
    expect(gap.violations.map((v) => v.invariant)).toEqual(['chain']);
    const unproven = new InvariantChecker(() => 0, false);
    unproven.onDecide(honest(0), decide(cluster, [leaf1], leaf3), 4);
    expect(unproven.violations.map((v) => v.invariant)).toEqual(['decide-proof']);
    const replay = new InvariantChecker(() => 0, false);
    replay.onDecide(honest(0), decide(cluster, [leaf1], leaf2), 3);
    replay.onDecide(honest(0), decide(cluster, [leaf1, leaf2], leaf3), 4);
    expect(replay.violations).toEqual([]);
    expect(replay.decidedHeight(0)).toBe(2);
    // Byzantine nodes' decides are not judged.
    replay.onDecide(
      { index: 3, honest: false, persisted: undefined, decidedHeight: 0 },
      decide(cluster, [fork1], forkChild),
      4,
    );
    expect(replay.violations).toEqual([]);
  });

  it('a warm start may skip heights, but only at its first leaf, and never past a conflicting height', () => {
    const leaf3 = cluster.child(leaf2, 3);
    const leaf4 = cluster.child(leaf3, 4);
    const jump = (leaves: LeafRecord[], child: LeafRecord): DecideEffect => ({
      ...decide(cluster, leaves, child),
      jumpedFrom: 0,
    });
    const checker = new InvariantChecker(() => 0, false);
    checker.onDecide(honest(0), jump([leaf2, leaf3], leaf4), 5);
    expect(checker.violations).toEqual([]);
    expect(checker.decidedHeight(0)).toBe(3);
    expect(checker.maxDecidedHeight).toBe(3);
    const inner = new InvariantChecker(() => 0, false);
    inner.onDecide(honest(0), jump([leaf1, leaf3], leaf4), 5);
    expect(inner.violations.map((v) => v.invariant)).toEqual(['chain']);
    const conflicting = new InvariantChecker(() => 0, false);
    conflicting.onDecide(honest(1), decide(cluster, [fork1], forkChild), 3);
    conflicting.onDecide(honest(0), jump([leaf1], leaf2), 3);
    expect(conflicting.violations.map((v) => v.invariant)).toEqual(['safety']);
  });

  it('a vote sent before its view is on disk, and two different votes in one view', () => {
    const checker = new InvariantChecker(() => 0, false);
    const vote = cluster.vote(0, 1, leaf1.commitment);
    checker.onSend(honest(0), vote);
    expect(checker.violations.map((v) => v.invariant)).toEqual(['persist-before-send']);
    const persisted = {
      lastActionedView: 1,
      lastDaVotedView: 0,
      highQc: cluster.genesisQc,
      lastDecided: { leaf: cluster.genesis.leaf },
      undecided: [],
    };
    const disk = new InvariantChecker(() => 0, false);
    disk.onSend(honest(0, persisted), vote);
    disk.onSend(honest(0, persisted), vote);
    expect(disk.violations).toEqual([]);
    disk.onSend(honest(0, persisted), cluster.vote(0, 1, fork1.commitment));
    expect(disk.violations.map((v) => v.invariant)).toEqual(['honest-equivocation']);
  });

  it('a safety state recording a decide before the block store holds it', () => {
    const checker = new InvariantChecker(() => 0, false);
    const persist = {
      kind: 'Persist' as const,
      state: {
        lastActionedView: 1,
        lastDaVotedView: 0,
        highQc: cluster.genesisQc,
        lastDecided: { leaf: leaf1.leaf },
        undecided: [],
      },
      actions: [],
    };
    checker.onPersist(honest(0, undefined, 1), persist);
    expect(checker.violations).toEqual([]);
    checker.onPersist(honest(1, undefined, 0), persist);
    expect(checker.violations.map((v) => v.invariant)).toEqual(['decided-before-persist']);
  });

  it('a persisted lastActionedView going down, and an honest node blamed', () => {
    const checker = new InvariantChecker(() => 0, false);
    const persist = (lastActionedView: number) => ({
      kind: 'Persist' as const,
      state: {
        lastActionedView,
        lastDaVotedView: 0,
        highQc: cluster.genesisQc,
        lastDecided: { leaf: cluster.genesis.leaf },
        undecided: [],
      },
      actions: [],
    });
    checker.onPersist(honest(0), persist(5));
    checker.onPersist(honest(0), persist(4));
    expect(checker.violations.map((v) => v.invariant)).toEqual(['last-actioned-view']);
    const blame = {
      kind: 'Rejected' as const,
      subject: 'QuorumVote' as const,
      sender: 1,
      view: 1,
      reason: 'invalid-signature' as const,
    };
    const strict = new InvariantChecker(() => 0, false);
    strict.onRejected(honest(0), blame, true);
    expect(strict.violations.map((v) => v.invariant)).toEqual(['false-accusation']);
    // With a forger around, a bad signature in an honest member's name is expected; other blame is not.
    const forged = new InvariantChecker(() => 0, true);
    forged.onRejected(honest(0), blame, true);
    forged.onRejected(honest(0), { ...blame, sender: 3 }, false);
    expect(forged.violations).toEqual([]);
    forged.onRejected(honest(0), { ...blame, reason: 'equivocation' }, true);
    expect(forged.violations.map((v) => v.invariant)).toEqual(['false-accusation']);
  });
});
