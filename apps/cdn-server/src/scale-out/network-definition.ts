import { consensusConfigFromJson, consensusConfigToJson, jsonSchema, type ConsensusConfig } from '@hotshot/protocol';
import type Redis from 'ioredis';
import { NetworkJson } from '../broker/network-json';
import { rosterMismatch } from '../broker/roster-store';
import type { RedisKeys } from './redis-keys';
import { NetworkDefinitionCorruptError, NetworkMismatchError } from './scale-out-errors';

/** What every broker needs to know of the network: the node count to wait for and the config of Welcome. */
export interface NetworkDefinition {
  readonly expectedNodes: number;
  readonly config: ConsensusConfig;
}

/** The stored form, NetworkJson: `{ "version": 1, "expectedNodes": 5, "config": { "chainId": "35353", ... } }`. */
const networkDefinition = jsonSchema(NetworkJson);

function serialize(definition: NetworkDefinition): string {
  const json: NetworkJson = {
    version: 1,
    expectedNodes: definition.expectedNodes,
    config: consensusConfigToJson(definition.config),
  };
  return JSON.stringify(json);
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
  return { expectedNodes: result.value.expectedNodes, config: consensusConfigFromJson(result.value.config) };
}

/**
 * Stores the definition unless one is there (the first marshal defines the network), and checks it against a stored
 * one: a marshal restarted with other flags must not hand out another config. Throws NetworkMismatchError.
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
  return stored;
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
