import type { Hex } from 'viem';
import { GENESIS_ACC_INPUT_HASH, accumulateInput } from '@hotshot/l1';
import { JsonLogger } from '@hotshot/telemetry';
import { ReconciliationError } from '../errors';
import { ExecutedChain } from '../execution/executed-chain';
import { L1Reconciler, type RollupEvent } from './l1-reconciler';

const START = 5;
const word = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const header = (height: number) => word(1000 + height);
const payload = (height: number) => word(2000 + height);
const root = (height: number) => word(3000 + height);
const log = new JsonLogger({ level: 'error', sink: () => undefined });

/** What the contract would accumulate over START..to with the same inputs the chain executed. */
function l1Acc(to: number, tamperAt?: number): Hex {
  let acc = GENESIS_ACC_INPUT_HASH;
  for (let h = START; h <= to; h++) acc = accumulateInput(acc, h, h === tamperAt ? word(9) : header(h), payload(h));
  return acc;
}

function executedUpTo(last: number): ExecutedChain {
  const chain = new ExecutedChain(START);
  for (let h = START; h <= last; h++) {
    chain.record(
      h,
      { headerCommitment: header(h), payloadHash: payload(h) },
      { l2Block: h - START + 1, stateRoot: root(h) },
    );
  }
  return chain;
}

const sequenced = (from: number, to: number, acc = l1Acc(to)): RollupEvent => ({
  kind: 'sequenced',
  from,
  to,
  accInputHash: acc,
  transactionHash: word(1),
});
const verified = (upTo: number, stateRoot = root(upTo)): RollupEvent => ({
  kind: 'verified',
  upTo,
  stateRoot,
  transactionHash: word(2),
});

describe('L1Reconciler', () => {
  it('confirms ranges whose accumulated input hash is the one the node computed over the same heights', () => {
    const chain = executedUpTo(12);
    const reconciler = new L1Reconciler(chain, log);
    expect(reconciler.add([sequenced(5, 7), sequenced(8, 12)])).toHaveLength(2);
    expect(reconciler.confirmedHeight).toBe(12);
    expect(reconciler.lastBoundary).toMatchObject({ height: 12, stateRoot: root(12), l2Block: 8 });
  });

  it('waits for heights the node has not executed, and checks them once it has', () => {
    const chain = executedUpTo(7);
    const reconciler = new L1Reconciler(chain, log);
    expect(reconciler.add([sequenced(5, 7), sequenced(8, 9), verified(9)])).toHaveLength(1);
    expect(reconciler.waiting).toBe(2);
    chain.record(8, { headerCommitment: header(8), payloadHash: payload(8) }, { l2Block: 4, stateRoot: root(8) });
    expect(reconciler.reconcile()).toHaveLength(0);
    chain.record(9, { headerCommitment: header(9), payloadHash: payload(9) }, { l2Block: 5, stateRoot: root(9) });
    expect(reconciler.reconcile().map((e) => e.kind)).toEqual(['sequenced', 'verified']);
    expect(reconciler.verifiedHeight).toBe(9);
  });

  it('stops loudly when L1 sequenced other inputs at any height of a range', () => {
    const reconciler = new L1Reconciler(executedUpTo(9), log);
    expect(() => reconciler.add([sequenced(5, 9, l1Acc(9, 6))])).toThrow(ReconciliationError);
    expect(() => new L1Reconciler(executedUpTo(9), log).add([sequenced(5, 9, l1Acc(9, 9))])).toThrow(
      /accumulated input hash/,
    );
    expect(reconciler.confirmedHeight).toBeNull();
  });

  it("stops loudly when L1 verified a state root that is not the node's", () => {
    const reconciler = new L1Reconciler(executedUpTo(9), log);
    expect(() => reconciler.add([sequenced(5, 9), verified(9, word(77))])).toThrow(/another state root/);
  });

  it('forgets records inside confirmed ranges and below verified heights, keeping range ends', () => {
    const chain = executedUpTo(20);
    const reconciler = new L1Reconciler(chain, log);
    reconciler.add([sequenced(5, 10), sequenced(11, 15)]);
    expect(chain.at(7)).toBeUndefined();
    expect(chain.at(10)).toBeDefined();
    expect(chain.at(15)).toBeDefined();
    expect(chain.size).toBe(2 + 5);
    reconciler.add([verified(15)]);
    expect(chain.at(10)).toBeUndefined();
    expect(chain.size).toBe(6);
    expect(() => reconciler.add([verified(10)])).toThrow(/already reconciled past/);
  });
});
