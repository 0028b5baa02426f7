import { InvalidKeyMaterialError, fromEip2537G1 } from '@hotshot/crypto';
import { selectStakeTable, type StakeTable } from '@hotshot/protocol';
import {
  BaseError as ViemBaseError,
  HttpRequestError,
  TimeoutError,
  WebSocketRequestError,
  concatHex,
  createPublicClient,
  http,
  webSocket,
  type Address,
  type PublicClient,
} from 'viem';
import { stakeTableAbi } from '../generated/stake-table';
import {
  StakeTableBadAnswerError,
  StakeTableBlockNotFinalizedError,
  StakeTableNotDeployedError,
  StakeTableUnreachableError,
} from './stake-table-errors';

/** Most active validators a read walks through: beyond this the answer is taken for garbage, not a registry. */
export const MAX_ACTIVE_VALIDATORS = 100_000;
/** Validators read per `activeValidators` call. */
const PAGE_SIZE = 200;

/** A validator StakeTable.sol lists as active: its compressed key (48 bytes) and stake (wei). */
export interface L1ActiveValidator {
  readonly publicKey: Uint8Array;
  readonly stake: bigint;
}

/** Where the stake table lives, and the block to read it at. */
export interface L1StakeTableSource {
  /** The L1 JSON-RPC endpoint (http(s) or ws(s)). */
  readonly url: string;
  /** StakeTable.sol's address. */
  readonly address: Address;
  /** The L1 block to read at; default the L1's finalized block. A block above it is refused. */
  readonly blockNumber?: bigint;
}

/** StakeTable.sol's active set at one L1 block, in the contract's order (selectStakeTable makes the table of it). */
export interface L1ActiveSet {
  readonly validators: readonly L1ActiveValidator[];
  /** The L1 block read. */
  readonly blockNumber: bigint;
  /** The contract's minStake (wei), at least 1. */
  readonly minStake: bigint;
}

/** The network's stake table computed from StakeTable.sol, the L1 block it was read at, and how many were active. */
export interface L1StakeTable {
  readonly stakeTable: StakeTable;
  readonly l1Block: bigint;
  /** Active validators the contract listed there, before the minimum stake and the cap. */
  readonly active: number;
}

/**
 * The network's stake table at `source`'s block: the active set made a table by selectStakeTable with the
 * contract's minStake and `maxSize`, the one computation the broker and every node make. Throws like
 * readL1ActiveSet, and InvalidActiveValidatorsError.
 */
export async function readL1StakeTable(source: L1StakeTableSource, maxSize: number): Promise<L1StakeTable> {
  const set = await readL1ActiveSet(source);
  return {
    stakeTable: selectStakeTable(set.validators, { minStake: set.minStake, maxSize }),
    l1Block: set.blockNumber,
    active: set.validators.length,
  };
}

/**
 * Reads StakeTable.sol's active validators at one L1 block (the finalized one unless `blockNumber` is given) and
 * decodes their keys; every call names the block, so the pages cannot mix states. The network's table is
 * selectStakeTable of the answer (readL1StakeTable). Throws StakeTableUnreachableError (no answer),
 * StakeTableBlockNotFinalizedError, StakeTableNotDeployedError (no code there) or StakeTableBadAnswerError (not a
 * StakeTable, a minStake of 0, inconsistent pages, a key that is no G1 subgroup point).
 */
export async function readL1ActiveSet(
  source: L1StakeTableSource,
  client: PublicClient = stakeTableClient(source.url),
): Promise<L1ActiveSet> {
  const { address, url } = source;
  const unreachable = (error: unknown) => new StakeTableUnreachableError(url, error);
  const finalized = await client
    .getBlock({ blockTag: 'finalized' })
    .then((block) => block.number, rethrow(unreachable));
  const blockNumber = source.blockNumber ?? finalized;
  if (blockNumber > finalized) throw new StakeTableBlockNotFinalizedError(blockNumber, finalized);
  const code = await client.getCode({ address, blockNumber }).catch(rethrow(unreachable));
  if (code === undefined || code === '0x') throw new StakeTableNotDeployedError(address, blockNumber);

  const call = async <T>(read: () => Promise<T>, what: string): Promise<T> =>
    read().catch((error: unknown) => {
      throw isTransportError(error)
        ? unreachable(error)
        : new StakeTableBadAnswerError(address, blockNumber, `${what} did not decode`, error);
    });
  const minStake = await call(
    () => client.readContract({ address, abi: stakeTableAbi, functionName: 'minStake', blockNumber }),
    'minStake',
  );
  if (minStake < 1n) throw new StakeTableBadAnswerError(address, blockNumber, 'minStake is 0');
  const validators: L1ActiveValidator[] = [];
  let count: number | undefined;
  do {
    const offset = validators.length;
    const [page, listed] = await call(
      () =>
        client.readContract({
          address,
          abi: stakeTableAbi,
          functionName: 'activeValidators',
          args: [BigInt(offset), BigInt(PAGE_SIZE)],
          blockNumber,
        }),
      'activeValidators',
    );
    if (listed > BigInt(MAX_ACTIVE_VALIDATORS)) {
      throw new StakeTableBadAnswerError(address, blockNumber, `more than ${MAX_ACTIVE_VALIDATORS} active validators`);
    }
    if (count !== undefined && Number(listed) !== count) {
      throw new StakeTableBadAnswerError(address, blockNumber, 'the active count changed between pages of one block');
    }
    count = Number(listed);
    if (page.length !== Math.min(PAGE_SIZE, Math.max(0, count - offset))) {
      throw new StakeTableBadAnswerError(address, blockNumber, 'a page of the wrong length');
    }
    for (const entry of page) {
      const { x_a, x_b, y_a, y_b } = entry.publicKey;
      let publicKey: Uint8Array;
      try {
        publicKey = fromEip2537G1(concatHex([x_a, x_b, y_a, y_b]));
      } catch (error) {
        if (!(error instanceof InvalidKeyMaterialError)) throw error;
        throw new StakeTableBadAnswerError(address, blockNumber, 'an active key is no G1 subgroup point', error);
      }
      validators.push({ publicKey, stake: entry.stake });
    }
  } while (validators.length < count);

  return { validators, blockNumber, minStake };
}

/** A read-only client for `url` that fails fast: the caller decides whether to retry. */
function stakeTableClient(url: string): PublicClient {
  return createPublicClient({
    transport: url.startsWith('ws') ? webSocket(url) : http(url, { retryCount: 1, timeout: 15_000 }),
  });
}

/** Whether a viem error is the transport failing, not the contract answering. */
function isTransportError(error: unknown): boolean {
  if (!(error instanceof ViemBaseError)) return false;
  return (
    error.walk(
      (e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof WebSocketRequestError,
    ) !== null
  );
}

function rethrow(wrap: (error: unknown) => Error): (error: unknown) => never {
  return (error) => {
    throw wrap(error);
  };
}
