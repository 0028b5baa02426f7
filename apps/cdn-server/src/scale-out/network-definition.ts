import {
  consensusConfigFromJson,
  consensusConfigToJson,
  jsonSchema,
  stakeTableDifference,
  type ConsensusConfig,
  type StakeTable,
} from '@hotshot/protocol';
import type Redis from 'ioredis';
import { bytesToHex, hexToBytes, type Address } from 'viem';
import { NetworkJson, type L1StakeTableJson } from '../broker/network-json';
import { rosterMismatch } from '../broker/roster-store';
import type { RedisKeys } from './redis-keys';
import { NetworkDefinitionCorruptError, NetworkMismatchError } from './scale-out-errors';

/** A stake table read from StakeTable.sol, and where. */
export interface NetworkStakeTable {
  readonly address: Address;
  readonly l1Block: bigint;
  readonly stakeTable: StakeTable;
}

/**
 * What every broker needs to know of the network: the node count to wait for and the config of Welcome, and, when
 * the marshal read the roster from L1 (issue 18), that stake table: the members, their indices and their stakes.
 */
export interface NetworkDefinition {
  readonly expectedNodes: number;
  readonly config: ConsensusConfig;
  readonly l1StakeTable?: NetworkStakeTable;
}

/** The stored form, NetworkJson: `{ "version": 1, "expectedNodes": 5, "config": { "chainId": "35353", ... } }`. */
const networkDefinition = jsonSchema(NetworkJson);

function serialize(definition: NetworkDefinition): string {
  const json: NetworkJson = {
    version: 1,
    expectedNodes: definition.expectedNodes,
    config: consensusConfigToJson(definition.config),
    ...(definition.l1StakeTable && { l1StakeTable: stakeTableToJson(definition.l1StakeTable) }),
  };
  return JSON.stringify(json);
}

function stakeTableToJson(source: NetworkStakeTable): L1StakeTableJson {
  return {
    address: source.address,
    l1Block: source.l1Block.toString(),
    members: source.stakeTable.map((m) => ({ publicKey: bytesToHex(m.publicKey), stake: m.stake.toString() })),
  };
}

function stakeTableFromJson(json: L1StakeTableJson): NetworkStakeTable {
  return {
    address: json.address,
    l1Block: BigInt(json.l1Block),
    stakeTable: json.members.map((m) => ({ publicKey: hexToBytes(m.publicKey), stake: BigInt(m.stake) })),
  };
}

/** Where a roster comes from, for logs and mismatches. */
export function rosterSource(table: NetworkStakeTable | undefined): string {
  return table ? `the stake table of ${table.address} at L1 block ${table.l1Block}` : 'first-come (no L1 stake table)';
}

/** The definition stored under the prefix, or undefined; throws NetworkDefinitionCorruptError. */
export async function readNetwork(redis: Redis, keys: RedisKeys): Promise<NetworkDefinition | undefined> {
  const text = await redis.get(keys.network);
  if (text === null) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new NetworkDefinitionCorruptError(keys.network, 'not valid JSON', error);
  }
  const result = networkDefinition.check(raw);
  if (!result.ok) throw new NetworkDefinitionCorruptError(keys.network, result.message);
  const { expectedNodes, config, l1StakeTable } = result.value;
  if (l1StakeTable && l1StakeTable.members.length !== expectedNodes) {
    throw new NetworkDefinitionCorruptError(keys.network, 'expectedNodes is not the size of l1StakeTable');
  }
  return {
    expectedNodes,
    config: consensusConfigFromJson(config),
    ...(l1StakeTable && { l1StakeTable: stakeTableFromJson(l1StakeTable) }),
  };
}

/**
 * Stores the definition unless one is there (the first marshal defines the network), and checks it against a stored
 * one: a marshal restarted with other flags must not hand out another config, nor another stake table (a marshal
 * that reads L1 again at a later finalized block may see another; `--stake-table-block` names the stored block).
 * Throws NetworkMismatchError.
 */
export async function defineNetwork(
  redis: Redis,
  keys: RedisKeys,
  definition: NetworkDefinition,
): Promise<NetworkDefinition> {
  if ((await redis.set(keys.network, serialize(definition), 'NX')) === 'OK') return definition;
  const stored = await readNetwork(redis, keys);
  if (stored === undefined) throw new NetworkDefinitionCorruptError(keys.network, 'vanished while being read');
  checkNetwork(stored, definition.expectedNodes, definition.config, keys);
  checkStakeTable(stored.l1StakeTable, definition.l1StakeTable, keys);
  return stored;
}

/** Throws NetworkMismatchError when the stored roster source or stake table is not the one this marshal read. */
function checkStakeTable(
  stored: NetworkStakeTable | undefined,
  requested: NetworkStakeTable | undefined,
  keys: RedisKeys,
): void {
  if (stored === undefined || requested === undefined) {
    if (stored !== requested) {
      throw new NetworkMismatchError(keys.network, 'roster', rosterSource(stored), rosterSource(requested));
    }
    return;
  }
  const difference = stakeTableDifference(stored.stakeTable, requested.stakeTable);
  if (difference) {
    const member = difference.index === undefined ? '' : `[${difference.index}]`;
    throw new NetworkMismatchError(
      keys.network,
      `stakeTable${member}.${difference.field} (stored from L1 block ${stored.l1Block})`,
      difference.expected,
      difference.got,
    );
  }
}

/** Throws NetworkMismatchError when `stored` differs from what this process was started with. */
export function checkNetwork(
  stored: NetworkDefinition,
  expectedNodes: number,
  config: ConsensusConfig | undefined,
  keys: RedisKeys,
): void {
  const mismatch = rosterMismatch(
    { ...stored, publicKeys: [] },
    expectedNodes,
    config ?? stored.config, // a broker is not given a config: only the node count is checked
  );
  if (mismatch) throw new NetworkMismatchError(keys.network, mismatch.field, mismatch.stored, mismatch.requested);
}

/** Polls until a marshal has defined the network (a broker may start first); rejects when `signal` aborts. */
export async function waitForNetwork(
  redis: Redis,
  keys: RedisKeys,
  pollMs: number,
  signal: AbortSignal,
  onWaiting: () => void,
): Promise<NetworkDefinition> {
  let warned = false;
  for (;;) {
    const stored = await readNetwork(redis, keys);
    if (stored) return stored;
    if (!warned) onWaiting();
    warned = true;
    signal.throwIfAborted();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
    signal.throwIfAborted();
  }
}
