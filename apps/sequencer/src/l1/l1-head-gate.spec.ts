import { leaderOf, type ConsensusInput, type ProposalReceivedInput } from '@hotshot/consensus';
import { ScriptedCluster, T0 } from '@hotshot/consensus/testing';
import { JsonLogger } from '@hotshot/telemetry';
import { NodeMetrics } from '../metrics/node-metrics';
import { L1HeadGate } from './l1-head-gate';
import type { L1HeadView } from './l1-head-watcher';

/** A watcher whose head the test sets. */
class FakeL1 implements L1HeadView {
  head: number | undefined;
  refreshes = 0;
  private readonly listeners = new Set<(head: number) => void>();

  refresh(): void {
    this.refreshes += 1;
  }

  onAdvance(listener: (head: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  advance(head: number): void {
    this.head = head;
    for (const listener of this.listeners) listener(head);
  }
}

const GRACE_MS = 36_000;

function setup(options: { maxHeld?: number } = {}) {
  const cluster = new ScriptedCluster();
  const l1 = new FakeL1();
  const delivered: ConsensusInput[] = [];
  const metrics = new NodeMetrics();
  const lines: Record<string, unknown>[] = [];
  const log = new JsonLogger({
    level: 'debug',
    sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const gate = new L1HeadGate({
    l1,
    graceMs: GRACE_MS,
    ...options,
    isLeader: (sender, view) => leaderOf(cluster.contexts[0], view) === sender,
    deliver: (input) => delivered.push(input),
    metrics,
    log,
    clock: () => Date.now(),
  });
  /** A proposal for `view` (on genesis) naming `l1Head`, signed by `sender` (the leader by default). */
  const proposal = (view: number, l1Head: number, sender?: number): ProposalReceivedInput => ({
    kind: 'ProposalReceived',
    message: cluster.proposal(cluster.child(cluster.genesis, view, { header: { l1Head } }), { sender }),
    nowMs: Date.now(),
  });
  const refused = async (reason: string): Promise<number> =>
    (await metrics.l1RefusedProposals.get()).values.find((value) => value.labels.reason === reason)?.value ?? 0;
  const held = async (): Promise<number> => (await metrics.l1HeldProposals.get()).values[0]?.value ?? 0;
  return { gate, l1, delivered, metrics, lines, proposal, refused, held };
}

describe('L1HeadGate: a replica waits for its own L1 view to reach a proposal’s l1Head (issue 18)', () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it('passes on other inputs, and proposals whose l1Head its L1 view has reached (0 before L1 answers)', () => {
    const { gate, l1, delivered, proposal } = setup();
    const timeout: ConsensusInput = { kind: 'TimeoutElapsed', view: 1, nowMs: T0 };
    gate.admit(timeout);
    const genesisOnly = proposal(1, 0);
    gate.admit(genesisOnly);
    l1.advance(30);
    const known = proposal(2, 30);
    gate.admit(known);
    expect(delivered).toEqual([timeout, genesisOnly, known]);
    expect(gate.size).toBe(0);
  });

  it('holds a proposal above its L1 view and passes it on, stamped with the time, once the watcher reaches it', async () => {
    const { gate, l1, delivered, proposal, held } = setup();
    l1.advance(30);
    const ahead = proposal(1, 32);
    gate.admit(ahead);
    expect(delivered).toEqual([]);
    expect(await held()).toBe(1);
    // It asks its L1 view to read now rather than at the next poll.
    expect(l1.refreshes).toBe(1);
    jest.advanceTimersByTime(5_000);
    l1.advance(31);
    expect(delivered).toEqual([]);
    l1.advance(32);
    expect(delivered).toEqual([{ ...ahead, nowMs: T0 + 5_000 }]);
    expect(gate.size).toBe(0);
    expect(await held()).toBe(0);
    // Released once: the grace timer finds nothing to drop.
    jest.advanceTimersByTime(GRACE_MS);
    expect(delivered).toHaveLength(1);
  });

  it('drops a proposal its L1 view does not reach within the grace period, with a log line and a metric', async () => {
    const { gate, l1, delivered, proposal, refused, lines } = setup();
    l1.advance(30);
    gate.admit(proposal(1, 99));
    jest.advanceTimersByTime(GRACE_MS - 1);
    expect(gate.size).toBe(1);
    jest.advanceTimersByTime(1);
    expect(gate.size).toBe(0);
    expect(await refused('grace_expired')).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', view: 1, sender: 1, l1Head: 99, l1View: 30, reason: 'grace_expired' }),
    );
    l1.advance(99);
    expect(delivered).toEqual([]);
  });

  it('holds before the L1 first answers, and each proposal gets its own grace period', async () => {
    const { gate, l1, delivered, proposal, refused } = setup();
    const first = proposal(1, 5);
    gate.admit(first);
    jest.advanceTimersByTime(GRACE_MS / 2);
    const second = proposal(2, 7);
    gate.admit(second);
    jest.advanceTimersByTime(GRACE_MS / 2);
    expect(await refused('grace_expired')).toBe(1);
    expect(gate.size).toBe(1);
    l1.advance(7);
    expect(delivered).toEqual([{ ...second, nowMs: T0 + GRACE_MS }]);
  });

  it('stays bounded under a flood of future l1Heads: the highest views are kept, the rest dropped and counted', async () => {
    const { gate, l1, delivered, proposal, refused, held } = setup({ maxHeld: 4 });
    l1.advance(1);
    for (let view = 1; view <= 100; view++) gate.admit(proposal(view, 1_000_000 + view));
    // A lower view than every held one is not taken.
    gate.admit(proposal(50, 2_000_000));
    expect(gate.size).toBe(4);
    expect(await held()).toBe(4);
    expect(await refused('held_full')).toBe(97);
    l1.advance(10_000_000);
    expect(delivered.map((input) => (input.kind === 'ProposalReceived' ? input.message.leaf.view : -1))).toEqual([
      97, 98, 99, 100,
    ]);
  });

  it('holds one proposal per view, and sends a non-leader’s proposal on for the core to blame', async () => {
    const { gate, l1, delivered, proposal, refused } = setup();
    l1.advance(1);
    gate.admit(proposal(1, 9));
    gate.admit(proposal(1, 10));
    expect(await refused('same_view')).toBe(1);
    const impostor = proposal(2, 9, 3);
    gate.admit(impostor);
    expect(delivered).toEqual([impostor]);
    expect(gate.size).toBe(1);
  });

  it('drops what it holds and its timer on stop', async () => {
    const { gate, l1, delivered, proposal, held } = setup();
    gate.admit(proposal(1, 9));
    gate.stop();
    expect(await held()).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    l1.advance(9);
    expect(delivered).toEqual([]);
  });
});
