import { privateKeyToAccount } from 'viem/accounts';
import { bytesToHex, type Hex } from 'viem';
import { RollupStack, STACK_KEYS, rollupTransactions } from '../support/rollup-stack';
import { assertContiguous, postedBatches } from './l1-calldata';

const NAMESPACE = 1;

/**
 * The poster and the adaptor keep no state of their own: killed mid-run (SIGKILL, while transactions flow) and
 * restarted, they resume from HotShot.sol's and the rollup's heights on L1. The events show every height posted
 * exactly once, none skipped, and neither account ever sent a transaction that reverted.
 */
describe('poster and adaptor restarts', () => {
  // Generous: the progress waits inside fail first, naming what stalled, when nothing moves.
  jest.setTimeout(900_000);
  // An L1 block every two seconds, so a transaction stays pending long enough to kill its sender and restart it
  // before it is mined.
  const stack = new RollupStack({
    nodes: 4,
    viewTimeoutMs: 1500,
    keySeed: 'restarts',
    mode: 'basic',
    namespace: NAMESPACE,
    l1BlockTime: 2,
  });
  const submitted: { payload: Hex; hash: string }[] = [];
  let submitting = true;
  let submitter: Promise<void>;

  beforeAll(async () => {
    await stack.start();
    const next = rollupTransactions();
    submitter = (async () => {
      for (let i = 0; submitting; i++) {
        const payload = await next();
        submitted.push({ payload: bytesToHex(payload), hash: await stack.net.submit(i % 4, NAMESPACE, payload) });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    await stack.waitForAtLeast('the rollup to sequence a few heights', () => stack.rollupHeight(), 4);
  });

  afterAll(async () => {
    submitting = false;
    await submitter;
    await stack.stop(process.env.KEEP_NETWORK_LOGS === '1');
  });

  let decided: { payload: Hex; height: number }[] = [];
  const pendingAtRestart: number[] = [];

  it('resumes from L1 after kill -9 while transactions flow, and catches up', async () => {
    await Promise.all([stack.net.killService('poster'), stack.net.killService('adaptor')]);
    // What they sent just before dying is mined in the next block or two: wait until nothing of theirs is pending.
    await stack.waitUntil("the dead processes' last transactions to be mined", async () => {
      return (await stack.pendingTransactions()) === 0;
    });
    const [hotShotAtKill, rollupAtKill] = [await stack.hotShotHeight(), await stack.rollupHeight()];
    const height = (await stack.net.blockHeight(0))!;
    await stack.net.waitForHeight(height + 6, [0]);
    // Nothing posts while they are down.
    expect([await stack.hotShotHeight(), await stack.rollupHeight()]).toEqual([hotShotAtKill, rollupAtKill]);
    stack.startPoster();
    stack.startAdaptor();
    await stack.waitForAtLeast('the rollup to move again', () => stack.rollupHeight(), rollupAtKill + 1);

    // Killed with a transaction still pending and restarted at once: the new process must wait for it, not post
    // the same heights again (which would revert).
    // L1 mining is held while each is killed and restarted, so its transaction is still pending however slowly
    // this machine runs; a transaction mined before the hold took effect means waiting for the next one.
    for (const name of ['poster', 'adaptor'] as const) {
      await stack.waitUntil(`${name} to have a transaction pending while L1 mining is held`, async () => {
        if ((await stack.pendingTransactions([name])) === 0) return false;
        await stack.holdL1Mining(true);
        if ((await stack.pendingTransactions([name])) > 0) return true;
        await stack.holdL1Mining(false);
        return false;
      });
      await stack.net.killService(name);
      if (name === 'poster') stack.startPoster();
      else stack.startAdaptor();
      pendingAtRestart.push(await stack.pendingTransactions([name]));
      await stack.holdL1Mining(false);
    }

    const target = (await stack.net.blockHeight(0))! - 1;
    await stack.waitForAtLeast(`the rollup to catch up to ${target}`, () => stack.rollupHeight(), target);
    submitting = false;
    await submitter;
    decided = await Promise.all(
      submitted.map(async ({ payload, hash }) => ({ payload, height: await stack.decidedHeight(hash) })),
    );
    const top = Math.max(...decided.map((tx) => tx.height));
    await stack.waitForAtLeast(`the rollup to sequence ${top}`, () => stack.rollupHeight(), top);
  });

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    expect(await stack.net.terminateService('adaptor')).toBe(0);
    expect(await stack.net.terminateService('poster')).toBe(0);
    for (const name of ['poster', 'adaptor']) {
      expect(stack.logLines(name).at(-1)).toMatchObject({ msg: `${name} stopped` });
    }
  });

  it('posted every height exactly once, skipped none, and never sent a transaction that reverted', async () => {
    const newBlocks = await stack.rangeEvents('hotShot', 'NewBlocks');
    expect(assertContiguous(newBlocks, 1)).toBe(await stack.hotShotHeight());
    const sequenced = await stack.rangeEvents('rollup', 'BatchesSequenced');
    expect(assertContiguous(sequenced, stack.deployment.startHeight)).toBe(await stack.rollupHeight());
    for (const key of [STACK_KEYS.poster, STACK_KEYS.adaptor]) {
      const sent = await stack.transactionsFrom(privateKeyToAccount(key).address);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((tx) => tx.status !== 'success')).toEqual([]);
    }
    const onL1 = new Map<Hex, number[]>();
    for (const event of sequenced) {
      for (const batch of await postedBatches(stack.l1, event.transactionHash)) {
        for (const tx of batch.transactions!) onL1.set(tx, [...(onL1.get(tx) ?? []), batch.height]);
      }
    }
    expect(decided.length).toBeGreaterThan(20);
    // The second round restarted each one while its predecessor's transaction was still pending.
    expect(pendingAtRestart).toEqual([1, 1]);
    // Not even attempted: each waited for its predecessor's transaction before reading L1 (anvil's estimate, run
    // on the pending state, would also have refused a duplicate, with an UnexpectedHeight logged as a failure).
    for (const name of ['poster', 'adaptor']) {
      expect(stack.logLines(name).filter((line) => line.error === 'UnexpectedHeight')).toEqual([]);
    }
    for (const { payload, height } of decided) expect(onL1.get(payload)).toEqual([height]);
  });
});
