import type { Hex } from 'viem';
import type { Logger } from '@hotshot/telemetry';
import { ReconciliationError } from '../errors';
import type { ExecutedChain, ExecutedRecord } from '../execution/executed-chain';

/** What the rollup contract said on L1, in L1 order. */
export type RollupEvent =
  | {
      readonly kind: 'sequenced';
      readonly from: number;
      readonly to: number;
      readonly accInputHash: Hex;
      readonly transactionHash: Hex;
    }
  | { readonly kind: 'verified'; readonly upTo: number; readonly stateRoot: Hex; readonly transactionHash: Hex };

/**
 * Holds L1's word against what the node executed, in L1 order, as soon as the node has executed each height: a
 * sequenced range must end in the accumulated input hash the node computed over the same heights (the same headers
 * and the same namespace data, so, execution being deterministic, the same state), and a verified height must carry
 * the node's own state root. A disagreement throws ReconciliationError. No IO: the events come from outside.
 */
export class L1Reconciler {
  private readonly pending: RollupEvent[] = [];
  /** The highest height L1 sequenced with the inputs this node executed. */
  confirmedHeight: number | null = null;
  /** The highest height L1 verified with this node's state root. */
  verifiedHeight: number | null = null;
  /** The node's record at the end of the last range L1 confirmed: the next height a proof can cover. */
  lastBoundary?: ExecutedRecord;

  constructor(
    private readonly chain: ExecutedChain,
    private readonly log: Logger,
  ) {}

  /** Events waiting for the node to execute their heights. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Queues events read from L1 (in L1 order) and checks every one the node has executed. */
  add(events: readonly RollupEvent[]): RollupEvent[] {
    this.pending.push(...events);
    return this.reconcile();
  }

  /** Checks the queued events whose heights the node has executed; returns them in order. */
  reconcile(): RollupEvent[] {
    const checked: RollupEvent[] = [];
    while (this.pending.length > 0) {
      const event = this.pending[0]!;
      const height = event.kind === 'sequenced' ? event.to : event.upTo;
      if (height >= this.chain.next) break;
      if (event.kind === 'sequenced') this.checkSequenced(event);
      else this.checkVerified(event);
      checked.push(this.pending.shift()!);
    }
    return checked;
  }

  private checkSequenced(event: Extract<RollupEvent, { kind: 'sequenced' }>): void {
    const record = this.require(event.to);
    if (record.accInputHash !== event.accInputHash) {
      throw new ReconciliationError(event.to, 'another accumulated input hash (other headers or other data)', {
        onL1: event.accInputHash,
        executed: record.accInputHash,
        transactionHash: event.transactionHash,
      });
    }
    this.confirmedHeight = event.to;
    this.lastBoundary = record;
    // Inside a range nothing is asked of L1 again: only its last height can be a proof's upper bound.
    this.chain.forget(event.from, event.to - 1);
    this.log.info('heights confirmed by L1', {
      from: event.from,
      to: event.to,
      l2Block: record.l2Block,
      stateRoot: record.stateRoot,
      transactionHash: event.transactionHash,
    });
  }

  private checkVerified(event: Extract<RollupEvent, { kind: 'verified' }>): void {
    const record = this.require(event.upTo);
    if (record.stateRoot !== event.stateRoot) {
      throw new ReconciliationError(event.upTo, 'another state root', {
        onL1: event.stateRoot,
        executed: record.stateRoot,
        transactionHash: event.transactionHash,
      });
    }
    this.verifiedHeight = event.upTo;
    // A later proof starts above this one, so no record below it is needed again.
    this.chain.forgetBelow(event.upTo);
    this.log.info('state root verified on L1', {
      upTo: event.upTo,
      stateRoot: event.stateRoot,
      transactionHash: event.transactionHash,
    });
  }

  private require(height: number): ExecutedRecord {
    const record = this.chain.at(height);
    // L1 only ever names a range's end or a later proof bound, and those records are kept until passed.
    if (!record) throw new ReconciliationError(height, 'it names a height this node has already reconciled past');
    return record;
  }
}
