import { ApiCallError, BlockSchema, TransactionSchema, getJson } from './api';

/** Where a search leads: a block page (highlighting a transaction), or a message saying why nowhere. */
export type SearchResult = { height: number; tx?: string } | { message: string };

const HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * Finds what `query` names: a decimal height, or a 0x hash that is tried as a transaction hash and then as a
 * block hash, through the node's API.
 */
export async function search(query: string): Promise<SearchResult> {
  const q = query.trim();
  if (/^\d+$/.test(q)) return { height: Number(q) };
  if (!HASH.test(q))
    return { message: 'Enter a block height (a whole number) or a 0x-prefixed hash of 64 hex digits.' };
  const hash = q.toLowerCase();
  try {
    const tx = await getJson(`/v0/availability/transaction/hash/${hash}`, TransactionSchema);
    return { height: tx.height, tx: tx.hash };
  } catch (error) {
    if (!(error instanceof ApiCallError) || error.status !== 404) return { message: (error as Error).message };
  }
  try {
    const block = await getJson(`/v0/availability/block/hash/${hash}`, BlockSchema);
    return { height: block.height };
  } catch (error) {
    if (!(error instanceof ApiCallError) || error.status !== 404) return { message: (error as Error).message };
    const earliest = error.details?.earliestHeight;
    return {
      message:
        'No decided transaction or block has this hash on this node' +
        (typeof earliest === 'number' && earliest > 0 ? ` (it keeps heights from ${earliest} on).` : '.'),
    };
  }
}
