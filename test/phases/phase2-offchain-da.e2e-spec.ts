import { bytesToHex, type Hex } from 'viem';
import { hotShotAbi, zkEvmRollupAbi } from '@hotshot/l1';
import { namespaceBlockFromJson } from '@hotshot/sequencer-api';
import { headerCommitment } from '@hotshot/protocol';
import { RollupStack, rollupTransactions } from '../support/rollup-stack';
import { accumulate, assertContiguous, namespacePayloadHash, postedBatches, ZERO_ACC } from './l1-calldata';

const NAMESPACE = 1;
const OTHER_NAMESPACE = 5;
const GAS_BUDGET = 330_000;

/**
 * Phase II against real processes and a real anvil: `zkevm-adaptor --mode offchain-da` posts only headers and
 * namespace tables; a rollup node fetches the data from the sequencer API (here a node the adaptor never talked
 * to) and checks it against what L1 committed to.
 */
describe('phase II: off-chain data availability end to end', () => {
  // Generous: the progress waits inside fail first, naming what stalled, when nothing moves.
  jest.setTimeout(900_000);
  const stack = new RollupStack({
    nodes: 4,
    viewTimeoutMs: 1500,
    keySeed: 'phase-two',
    mode: 'offchain-da',
    namespace: NAMESPACE,
    // About seven headers per newBlocks (a call costs ~262k gas plus ~10k per header).
    posterArgs: ['--max-gas', String(GAS_BUDGET)],
  });
  const rollup = new Map<Hex, number>();
  const others = new Map<Hex, number>();

  beforeAll(async () => {
    await stack.start();
    // A backlog longer than one call may carry: the poster must split it under the gas budget.
    await stack.net.killService('poster');
    await stack.net.waitForHeight((await stack.hotShotHeight()) + 20, [0]);
    stack.startPoster();
    const next = rollupTransactions();
    const submitted: { payload: Uint8Array; hash: string; into: Map<Hex, number> }[] = [];
    for (let i = 0; i < 10; i++) {
      const payload = await next();
      submitted.push({ payload, hash: await stack.net.submit(i % 4, NAMESPACE, payload), into: rollup });
      const other = new TextEncoder().encode(`namespace five ${i}`);
      submitted.push({
        payload: other,
        hash: await stack.net.submit((i + 2) % 4, OTHER_NAMESPACE, other),
        into: others,
      });
    }
    for (const { payload, hash, into } of submitted) into.set(bytesToHex(payload), await stack.decidedHeight(hash));
    const top = Math.max(...rollup.values(), ...others.values());
    await stack.waitForAtLeast(`the rollup to sequence height ${top}`, () => stack.rollupHeight(), top);
  });

  afterAll(async () => {
    await stack.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  it('commits on L1 to exactly the data the sequencer API serves, which holds every rollup transaction once', async () => {
    const events = await stack.rangeEvents('rollup', 'BatchCommitmentsSequenced');
    const last = assertContiguous(events, stack.deployment.startHeight);
    expect(await stack.rangeEvents('rollup', 'BatchesSequenced')).toEqual([]);
    const [stored] = await stack.l1.readContract({
      address: stack.deployment.hotShot,
      abi: hotShotAbi,
      functionName: 'commitmentsFrom',
      args: [1n, BigInt(last), 0n],
    });
    const found = new Map<Hex, number[]>();
    let acc: Hex = ZERO_ACC;
    for (const event of events) {
      const input = (await stack.l1.getTransaction({ hash: event.transactionHash })).input;
      for (const batch of await postedBatches(stack.l1, event.transactionHash)) {
        expect(batch.transactions).toBeUndefined();
        // What a phase II rollup node does: fetch the namespace from the network, check it against L1.
        const { body } = await stack.net.get(3, `/v0/availability/block/${batch.height}/namespace/${NAMESPACE}`);
        const served = namespaceBlockFromJson(body, NAMESPACE);
        expect(served.headerCommitment).toBe(stored[batch.height - 1]);
        expect(headerCommitment(batch.header)).toBe(served.headerCommitment);
        expect(batch.namespaceTable).toEqual(served.namespaceTable);
        for (const payload of served.transactions) {
          const hex = bytesToHex(payload);
          found.set(hex, [...(found.get(hex) ?? []), batch.height]);
          // Only the commitment travelled: the transaction bytes are not in the calldata.
          expect(input.includes(hex.slice(2))).toBe(false);
        }
        acc = accumulate(acc, batch.height, batch.header, namespacePayloadHash(batch.namespaceTable, NAMESPACE));
      }
      const boundary = await stack.l1.readContract({
        address: stack.deployment.rollup,
        abi: zkEvmRollupAbi,
        functionName: 'accInputHashes',
        args: [BigInt(event.to)],
      });
      expect(boundary).toBe(acc);
    }
    for (const [payload, height] of rollup) expect(found.get(payload)).toEqual([height]);
    for (const payload of others.keys()) expect(found.has(payload)).toBe(false);
  });

  it('splits the backlog into newBlocks calls under the gas budget', async () => {
    const events = await stack.rangeEvents('hotShot', 'NewBlocks');
    for (const event of events) {
      const receipt = await stack.l1.getTransactionReceipt({ hash: event.transactionHash });
      expect(receipt.gasUsed).toBeLessThanOrEqual(BigInt(GAS_BUDGET));
    }
    expect(
      stack.logLines('poster').some((line) => line.msg === 'newBlocks over the gas budget: fewer headers per call'),
    ).toBe(true);
    expect(Math.max(...events.map((e) => e.to - e.from + 1))).toBeGreaterThan(1);
  });

  it('refuses namespace data that does not match the commitment on L1', async () => {
    const height = [...rollup.values()][0]!;
    const { body } = await stack.net.get<Record<string, unknown>>(
      0,
      `/v0/availability/block/${height}/namespace/${NAMESPACE}`,
    );
    const payload = Buffer.from(body.namespacePayload as string, 'base64');
    payload[payload.length - 1] ^= 1;
    expect(() => namespaceBlockFromJson({ ...body, namespacePayload: payload.toString('base64') }, NAMESPACE)).toThrow(
      /namespace proof does not verify/,
    );
  });
});
