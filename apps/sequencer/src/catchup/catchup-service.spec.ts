import { effectsOf, ScriptedCluster, T0 } from '@hotshot/consensus/testing';
import type { DecideProof, LeafRecord, StoredLeaf } from '@hotshot/consensus';
import { headerCommitment } from '@hotshot/protocol';
import { SqliteAvailabilityStore, openSqliteDatabase, type AvailabilityStore } from '@hotshot/storage';
import { silentLogger } from '@hotshot/telemetry';
import type { NodeMessage } from '../network/node-message';
import { decodeNodeMessage, encodeNodeMessage } from '../network/node-message-codec';
import { CatchupService } from './catchup-service';

/**
 * Node 0 of a four-node cluster that warm-starts beyond a 1-height gap with 2 leaves of history: it has seen
 * proposals for leaves 1-10 (views 1-10), decided up to leaf 8, and stored what it decided.
 */
async function servingNode() {
  const cluster = new ScriptedCluster(4, {}, { warmStartGap: 1, warmStartHistory: 2 });
  const store = new SqliteAvailabilityStore(openSqliteDatabase(':memory:'));
  cluster.start(0);
  const chain: (LeafRecord & { payload: NonNullable<LeafRecord['payload']> })[] = [];
  let parent: LeafRecord = cluster.genesis;
  for (let view = 1; view <= 11; view++) {
    const record = cluster.child(parent, view);
    chain[view] = record;
    parent = record;
    if (view === 11) break;
    const effects = cluster.feed(0, { kind: 'ProposalReceived', message: cluster.proposal(record), nowMs: T0 });
    for (const decide of effectsOf(effects, 'Decide')) {
      await store.appendDecided(
        decide.leaves.map((d) => ({
          leaf: d.leaf,
          leafCommitment: d.commitment,
          headerCommitment: headerCommitment(d.leaf.header),
          payload: d.payload,
          decidingQc: decide.qc,
        })),
      );
    }
  }
  return { cluster, store, chain };
}

function ofKind<K extends NodeMessage['kind']>(message: NodeMessage, kind: K): Extract<NodeMessage, { kind: K }> {
  if (message.kind !== kind) throw new Error(`expected ${kind}, got ${message.kind}`);
  return message as Extract<NodeMessage, { kind: K }>;
}

function service(
  cluster: ScriptedCluster,
  store: AvailabilityStore,
  sent: [number, NodeMessage][] = [],
  delivered: [readonly StoredLeaf[], number, DecideProof | undefined][] = [],
) {
  return new CatchupService({
    self: 0,
    size: 4,
    availability: store,
    consensusState: () => cluster.states[0],
    send: (to, message) => sent.push([to, message]),
    deliver: (leaves, from, proof) => delivered.push([leaves, from, proof]),
    log: silentLogger,
    options: { requestTimeoutMs: 60_000 },
  });
}

describe('catch-up service', () => {
  it('serves its decide proof with the leaves when they cover its last decided leaf', async () => {
    const { cluster, store, chain } = await servingNode();
    expect(cluster.states[0].lastDecided.commitment).toBe(chain[8].commitment);
    const catchup = service(cluster, store);
    const full = ofKind(
      await catchup.serve(1, { requestId: 7, leafCommitment: chain[10].commitment, fromHeight: 6 }),
      'leaves-response',
    );
    // Leaves 10-8 come from the block tree, 7-6 from the store.
    expect(full.leaves.map((l) => l.leaf.header.height)).toEqual([10, 9, 8, 7, 6]);
    expect(full.decideProof).toEqual({ qc: cluster.qc(chain[9]), child: chain[9].leaf });
    const recent = await catchup.serve(1, { requestId: 8, leafCommitment: chain[10].commitment, fromHeight: 9 });
    expect(recent).toEqual({
      kind: 'leaves-response',
      requestId: 8,
      leaves: [chain[10], chain[9]].map(({ leaf, payload }) => ({ leaf, payload })),
    });
    await store.close();
  });

  it('carries a warm start end to end: request, wire, answer, and a jump in the empty node', async () => {
    const { cluster, store, chain } = await servingNode();
    cluster.start(2);
    const asked = cluster.feed(2, { kind: 'ProposalReceived', message: cluster.proposal(chain[11]), nowMs: T0 });
    const [request] = effectsOf(asked, 'RequestLeaves');
    expect(request).toMatchObject({ leafCommitment: chain[10].commitment, fromHeight: 6 });

    const sent: [number, NodeMessage][] = [];
    const delivered: [readonly StoredLeaf[], number, DecideProof | undefined][] = [];
    const requester = service(cluster, store, sent, delivered);
    requester.request(request);
    // The proposal's leader (node 3) is asked first: it surely holds the parent.
    expect(sent.map(([to, m]) => [to, m.kind])).toEqual([[3, 'leaves-request']]);
    const asking = ofKind(sent[0]![1], 'leaves-request');
    const answer = await service(cluster, store).serve(2, asking);
    const received = ofKind(
      decodeNodeMessage(encodeNodeMessage(answer), cluster.contexts[0].bounds),
      'leaves-response',
    );
    requester.onResponse(3, received.requestId, received.leaves, received.decideProof);
    expect(delivered).toHaveLength(1);
    const [[leaves, from, decideProof]] = delivered;
    expect(decideProof).toEqual({ qc: cluster.qc(chain[9]), child: chain[9].leaf });

    const effects = cluster.feed(2, { kind: 'LeavesFetched', leaves, from, decideProof, nowMs: T0 });
    const [decide] = effectsOf(effects, 'Decide');
    expect(decide.jumpedFrom).toBe(0);
    expect(decide.leaves.map((d) => d.leaf.header.height)).toEqual([8, 9]);
    expect(cluster.states[2].lastDecided.commitment).toBe(chain[9].commitment);
    requester.stop();
    await store.close();
  });

  it('asks another peer when one answers with nothing', () => {
    const cluster = new ScriptedCluster(4);
    const sent: [number, NodeMessage][] = [];
    const delivered: unknown[] = [];
    const catchup = service(
      cluster,
      new SqliteAvailabilityStore(openSqliteDatabase(':memory:')),
      sent,
      delivered as never,
    );
    catchup.request({
      kind: 'RequestLeaves',
      leafCommitment: cluster.genesis.commitment,
      view: 0,
      fromHeight: 1,
      peer: 2,
    });
    expect(sent.map(([to]) => to)).toEqual([2]);
    catchup.onResponse(2, 1, []);
    expect(sent).toHaveLength(2);
    expect(sent[1]![0]).not.toBe(2);
    expect(delivered).toEqual([]);
    catchup.stop();
  });
});
