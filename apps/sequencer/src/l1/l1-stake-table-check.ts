import type { L1StakeTable } from '@hotshot/l1';
import { stakeTableDifference, type StakeTable } from '@hotshot/protocol';
import type { Address } from 'viem';
import { WelcomeDisagreesWithL1Error } from '../node-errors';

/** Where a node reads the network's stake table on L1 (--l1-url, --stake-table, --stake-table-block). */
export interface L1StakeTableSettings {
  readonly url: string;
  readonly address: Address;
  /** The L1 block to read at; default the finalized block when the node starts. */
  readonly blockNumber?: bigint;
  /** Most members (--stake-table-max-size); the broker must use the same. */
  readonly maxSize: number;
}

/**
 * Throws WelcomeDisagreesWithL1Error, naming the first field that differs (size, or a member's key or stake),
 * when the stake table the broker sent in Welcome is not the one this node computed from L1: a node does not run
 * consensus on a table it was merely told.
 */
export function checkWelcomeStakeTable(
  welcome: StakeTable,
  l1: Pick<L1StakeTable, 'stakeTable' | 'l1Block'>,
  address: Address,
): void {
  const difference = stakeTableDifference(l1.stakeTable, welcome);
  if (difference) throw new WelcomeDisagreesWithL1Error(difference, { address, l1Block: l1.l1Block });
}
