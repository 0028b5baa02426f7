import { bytesToHex, keccak256, type Hex } from 'viem';
import { StakeTableKeys, demoKeyPair, toEip2537G2, verifyCertificate } from '@hotshot/crypto';
import { finalityDigest, headerCommitment, quorumThreshold, totalStake, type Bytes32 } from '@hotshot/protocol';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { privateKeyToAccount } from 'viem/accounts';
import { hotShotAbi, toG2PointArg, zkEvmRollupAbi } from '@hotshot/l1';
import { networkConfigFromJson } from '@hotshot/sequencer-api';
import { RollupStack, STACK_KEYS, rollupTransactions } from '../support/rollup-stack';
import {
  accumulate,
  assertContiguous,
  namespacePayloadHash,
  postedBatches,
  postedNewBlocks,
  ZERO_ACC,
} from './l1-calldata';

const NAMESPACE = 1;
const OTHER_NAMESPACES = [2, 7];
const KEY_SEED = 'phase-one';

/**
 * Phase I against real processes and a real anvil: cdn-server and four sequencers, `hotshot-demo deploy` with the
 * network's stake table, `hotshot-poster` and `zkevm-adaptor --mode basic`. The rollup's transactions (and a
 * malformed one) end up in L1 calldata exactly once at their decided heights, other namespaces never do, and
 * HotShot.sol advances only with valid quorum certificates.
 */
describe('phase I: basic sequencing end to end', () => {
  // Generous: the progress waits inside fail first, naming what stalled, when nothing moves.
  jest.setTimeout(900_000);
  const stack = new RollupStack({
    nodes: 4,
    viewTimeoutMs: 1500,
    keySeed: KEY_SEED,
    mode: 'basic',
    namespace: NAMESPACE,
  });
  const rollup = new Map<Hex, number>();
  const others = new Map<Hex, number>();
  let malformed: { payload: Hex; height: number };

  beforeAll(async () => {
    await stack.start();
    const next = rollupTransactions();
    const submitted: { payload: Uint8Array; hash: string; into: Map<Hex, number> }[] = [];
    for (let i = 0; i < 12; i++) {
      const payload = await next();
      submitted.push({ payload, hash: await stack.net.submit(i % 4, NAMESPACE, payload), into: rollup });
      const other = new TextEncoder().encode(`other rollup ${i}`);
      const namespace = OTHER_NAMESPACES[i % OTHER_NAMESPACES.length]!;
      submitted.push({ payload: other, hash: await stack.net.submit((i + 1) % 4, namespace, other), into: others });
    }
    const garbage = new TextEncoder().encode('\xff not an EVM transaction');
    const garbageHash = await stack.net.submit(2, NAMESPACE, garbage);
    for (const { payload, hash, into } of submitted) into.set(bytesToHex(payload), await stack.decidedHeight(hash));
    malformed = { payload: bytesToHex(garbage), height: await stack.decidedHeight(garbageHash) };
    const top = Math.max(malformed.height, ...rollup.values(), ...others.values());
    await stack.waitForAtLeast(`the rollup to sequence height ${top}`, () => stack.rollupHeight(), top);
  });

  afterAll(async () => {
    // KEEP_NETWORK_LOGS=1 keeps every process's log under the folder the failure messages name.
    await stack.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  it("puts every rollup transaction in L1 calldata once, at its decided height, and no other namespace's", async () => {
    const events = await stack.rangeEvents('rollup', 'BatchesSequenced');
    const last = assertContiguous(events, stack.deployment.startHeight);
    const seen = new Map<Hex, number[]>();
    let acc: Hex = ZERO_ACC;
    for (const event of events) {
      const batches = await postedBatches(stack.l1, event.transactionHash);
      expect(batches.map((b) => b.height)).toEqual(range(event.from, event.to));
      for (const batch of batches) {
        for (const tx of batch.transactions!) seen.set(tx, [...(seen.get(tx) ?? []), batch.height]);
        // The calldata's transactions are what the table commits to for the rollup's namespace.
        expect(keccak256(namespacePayload(batch.transactions!))).toBe(
          namespacePayloadHash(batch.namespaceTable, NAMESPACE),
        );
        acc = accumulate(acc, batch.height, batch.header, namespacePayloadHash(batch.namespaceTable, NAMESPACE));
      }
      const stored = await stack.l1.readContract({
        address: stack.deployment.rollup,
        abi: zkEvmRollupAbi,
        functionName: 'accInputHashes',
        args: [BigInt(event.to)],
      });
      expect(stored).toBe(acc);
    }
    expect(last).toBeGreaterThanOrEqual(Math.max(...rollup.values()));
    for (const [payload, height] of rollup) expect(seen.get(payload)).toEqual([height]);
    for (const payload of others.keys()) expect(seen.has(payload)).toBe(false);
    // The other namespaces were in those blocks: the tables list them, only their data stayed off L1.
    const otherHeights = new Set(others.values());
    const tables = (await Promise.all(events.map((e) => postedBatches(stack.l1, e.transactionHash)))).flat();
    for (const batch of tables.filter((b) => otherHeights.has(b.height))) {
      expect(batch.namespaceTable.some((row) => OTHER_NAMESPACES.includes(row.namespace))).toBe(true);
    }
  });

  it('advances HotShot.sol only with quorum certificates that verify, storing the headers the nodes decided', async () => {
    // The replays below need an earlier post than the last; a poster that caught up in one call has made only one.
    await stack.waitForAtLeast(
      'posts to HotShot.sol',
      async () => (await stack.rangeEvents('hotShot', 'NewBlocks')).length,
      2,
    );
    const events = await stack.rangeEvents('hotShot', 'NewBlocks');
    const l1Height = assertContiguous(events, 1);
    // The stake table in the order the broker assigned (join order), which signer bitmaps index.
    const { stakeTable } = networkConfigFromJson((await stack.net.get(0, '/v0/config/hotshot')).body);
    expect(new Set(stakeTable.map((entry) => bytesToHex(entry.publicKey)))).toEqual(
      new Set([0, 1, 2, 3].map((i) => bytesToHex(demoKeyPair(KEY_SEED, i).publicKey))),
    );
    const keys = new StakeTableKeys(stakeTable);
    for (const event of events) {
      const posted = await postedNewBlocks(stack.l1, event.transactionHash);
      const lastHeader = posted.headers.at(-1)!;
      // The certificate exactly as it went to L1, checked off-chain against the network's stake table.
      const signature = compressedG2(posted.signature);
      expect(toG2PointArg(toEip2537G2(signature))).toEqual(posted.signature);
      const certificate = { signers: hexBytes(posted.signers), signature };
      const digest = finalityDigest(lastHeader.chainId, event.to, headerCommitment(lastHeader));
      expect(lastHeader.height).toBe(event.to);
      expect(() => verifyCertificate(keys, digest, certificate, quorumThreshold(totalStake(stakeTable)))).not.toThrow();
    }
    const [stored] = await stack.l1.readContract({
      address: stack.deployment.hotShot,
      abi: hotShotAbi,
      functionName: 'commitmentsFrom',
      args: [1n, BigInt(l1Height), 0n],
    });
    const decided = await Promise.all(
      range(1, l1Height).map(
        async (h) => (await stack.net.get<{ headerCommitment: Bytes32 }>(3, `/v0/availability/leaf/${h}`)).body,
      ),
    );
    expect(stored).toEqual(decided.map((leaf) => leaf.headerCommitment));
    // The deployed contract checks the signatures: replayed on the state it was sent to, the last call passes as
    // posted and is refused with a signer dropped from the bitmap or with another height's signature.
    const last = await postedNewBlocks(stack.l1, events.at(-1)!.transactionHash);
    const earlier = await postedNewBlocks(stack.l1, events.at(-2)!.transactionHash);
    const replay = (signers: Hex, signature: Record<string, Hex>) =>
      stack.l1.simulateContract({
        address: stack.deployment.hotShot,
        abi: hotShotAbi,
        functionName: 'newBlocks',
        args: [last.headerArgs, { signers, signature: signature as never }],
        account: privateKeyToAccount(STACK_KEYS.poster).address,
        blockNumber: last.blockNumber - 1n,
      });
    await expect(replay(last.signers, last.signature)).resolves.toBeDefined();
    const bitmap = Number.parseInt(last.signers.slice(2), 16);
    const dropped = `0x${(bitmap & (bitmap - 1)).toString(16).padStart(2, '0')}` as Hex;
    await expect(replay(dropped, last.signature)).rejects.toThrow(/InsufficientStake|InvalidSignature/);
    await expect(replay(last.signers, earlier.signature)).rejects.toThrow(/InvalidSignature/);
  });

  it('sequences a malformed rollup transaction like any other, and the adaptor keeps going past it', async () => {
    const events = await stack.rangeEvents('rollup', 'BatchesSequenced');
    const holding = events.find((e) => e.from <= malformed.height && malformed.height <= e.to)!;
    const batch = (await postedBatches(stack.l1, holding.transactionHash)).find((b) => b.height === malformed.height)!;
    expect(batch.transactions).toContain(malformed.payload);
    const warned = stack.logLines('adaptor').filter((line) => line.msg === 'malformed rollup transaction sequenced');
    expect(warned.map((line) => line.height)).toEqual([malformed.height]);
    const after = (await stack.rollupHeight()) + 3;
    await stack.waitForAtLeast(
      'the adaptor to sequence past the malformed transaction',
      () => stack.rollupHeight(),
      after,
    );
    expect(stack.net.serviceRunning('adaptor')).toBe(true);
    expect(stack.logLines('adaptor').filter((line) => line.level === 'error')).toEqual([]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A G2 point from Solady's eight EIP-2537 words back to its 96-byte compressed form. */
function compressedG2(words: Record<string, Hex>): Uint8Array {
  const fp = (a: Hex, b: Hex) => BigInt(`0x${a.slice(2)}${b.slice(2)}`);
  const { Fp2 } = bls12_381.fields;
  const { G2 } = bls12_381;
  const x = Fp2.create({ c0: fp(words.x_c0_a!, words.x_c0_b!), c1: fp(words.x_c1_a!, words.x_c1_b!) });
  const y = Fp2.create({ c0: fp(words.y_c0_a!, words.y_c0_b!), c1: fp(words.y_c1_a!, words.y_c1_b!) });
  return G2.Point.fromAffine({ x, y }).toBytes(true);
}

function hexBytes(hex: Hex): Uint8Array {
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
}

/** A namespace payload: uint32 count, count x uint32 length, then the bytes (big-endian). */
function namespacePayload(transactions: readonly Hex[]): Hex {
  const parts = transactions.map(hexBytes);
  const out = Buffer.alloc(4 + 4 * parts.length + parts.reduce((sum, p) => sum + p.length, 0));
  out.writeUInt32BE(parts.length, 0);
  parts.forEach((p, i) => out.writeUInt32BE(p.length, 4 + 4 * i));
  let offset = 4 + 4 * parts.length;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return bytesToHex(out);
}
