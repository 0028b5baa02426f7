import type { Bytes32 } from '@hotshot/protocol';
import type { NodeMessage } from './node-message';
import { NodeMessageRouter } from './node-message-router';

const commitment = `0x${'ab'.repeat(32)}` as Bytes32;
const tx = { namespace: 1, payload: Uint8Array.of(1) };

describe('NodeMessageRouter', () => {
  it('hands each kind of peer message to the part that owns it, and sends that part’s answer back to the peer', async () => {
    const calls: unknown[][] = [];
    const sent: [number, NodeMessage][] = [];
    const leavesAnswer: NodeMessage = { kind: 'leaves-response', requestId: 1, leaves: [] };
    const payloadAnswer: NodeMessage = { kind: 'payload-response', requestId: 2, height: 9 };
    const router = new NodeMessageRouter({
      send: (to, message) => sent.push([to, message]),
      submission: { acceptForwarded: async (...args) => void calls.push(['acceptForwarded', ...args]) },
      catchup: {
        serve: async (...args) => (calls.push(['catchup.serve', ...args]), leavesAnswer),
        onResponse: (...args) => void calls.push(['catchup.onResponse', ...args]),
      },
      payloads: {
        serve: async (...args) => (calls.push(['payloads.serve', ...args]), payloadAnswer),
        onResponse: async (...args) => void calls.push(['payloads.onResponse', ...args]),
      },
      finality: { onSignature: async (...args) => void calls.push(['onSignature', ...args]) },
    });
    const leavesRequest = {
      kind: 'leaves-request',
      requestId: 1,
      leafCommitment: commitment,
      view: 4,
      fromHeight: 2,
    } as const;
    await router.route(3, { kind: 'transactions', transactions: [tx] });
    await router.route(2, leavesRequest);
    await router.route(2, { kind: 'leaves-response', requestId: 7, leaves: [] });
    await router.route(1, { kind: 'payload-request', requestId: 2, height: 9 });
    await router.route(1, { kind: 'payload-response', requestId: 2, height: 9 });
    const signature = Uint8Array.of(5);
    await router.route(4, { kind: 'finality-signature', height: 9, headerCommitment: commitment, signature });
    expect(calls).toEqual([
      ['acceptForwarded', 3, [tx]],
      ['catchup.serve', 2, leavesRequest],
      ['catchup.onResponse', 2, 7, [], undefined],
      ['payloads.serve', 2, 9],
      ['payloads.onResponse', 1, 9, undefined],
      ['onSignature', 4, 9, commitment, signature],
    ]);
    expect(sent).toEqual([
      [2, leavesAnswer],
      [1, payloadAnswer],
    ]);
  });
});
