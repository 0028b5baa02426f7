import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { consensusConfigFromJson, consensusConfigToJson, jsonSchema, type ConsensusConfig } from '@hotshot/protocol';
import type { Hex } from 'viem';
import { RosterFileCorruptError, RosterMismatchError, RosterPersistError } from './broker-errors';
import { NetworkJson, PublicKeyJson, PublicKeyNameJson } from './network-json';

/**
 * What survives a broker restart: the node count, the config handed out, the keys in index order, and the last
 * Authenticate timestamp accepted per key (ms), so a captured Authenticate cannot be replayed after a restart.
 */
export interface RosterSnapshot {
  readonly expectedNodes: number;
  readonly config: ConsensusConfig;
  readonly publicKeys: readonly Hex[];
  /** Last accepted Authenticate timestamp (ms) per roster key; absent in files written before it was kept. */
  readonly lastAuthTimestamps?: Readonly<Record<Hex, number>>;
}

/** Where the roster is kept between runs. */
export interface RosterStore {
  /** Human-readable location for errors and logs. */
  readonly location: string;
  /** The stored roster, or undefined when none was stored yet; throws RosterFileCorruptError on bad content. */
  load(): RosterSnapshot | undefined;
  /** Stores the roster durably before returning; throws RosterPersistError. */
  save(snapshot: RosterSnapshot): void;
}

/** The roster file inside a broker's data directory. */
export const ROSTER_FILE_NAME = 'roster.json';

const CONFIG_NUMBER_FIELDS = [
  'viewTimeoutMs',
  'timeoutRatio',
  'daCommitteeSize',
  'maxTxBytes',
  'maxBlockBytes',
  'maxBlockTxs',
  'startDelayMs',
] as const;

/**
 * Keeps the roster as JSON in `<dataDir>/roster.json`:
 * `{ "version": 1, "expectedNodes": 4, "config": { "chainId": "35353", ... }, "publicKeys": ["0x..", ...],
 *    "lastAuthTimestamps": { "0x..": 1700000000000, ... } }` (the last field is optional: older files lack it).
 * Writes go to a temporary file that is fsynced and renamed over the old one, so a crash leaves either roster whole.
 */
export class FileRosterStore implements RosterStore {
  readonly location: string;

  constructor(private readonly dataDir: string) {
    this.location = join(dataDir, ROSTER_FILE_NAME);
  }

  load(): RosterSnapshot | undefined {
    let text: string;
    try {
      text = readFileSync(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new RosterFileCorruptError(this.location, 'cannot be read', error);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new RosterFileCorruptError(this.location, 'not valid JSON', error);
    }
    return parseRosterSnapshot(raw, this.location);
  }

  save(snapshot: RosterSnapshot): void {
    const temporary = `${this.location}.${process.pid}.tmp`;
    const file: RosterFileJson = {
      version: 1,
      expectedNodes: snapshot.expectedNodes,
      config: consensusConfigToJson(snapshot.config),
      publicKeys: [...snapshot.publicKeys],
      ...(snapshot.lastAuthTimestamps && Object.keys(snapshot.lastAuthTimestamps).length > 0
        ? { lastAuthTimestamps: snapshot.lastAuthTimestamps }
        : {}),
    };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    try {
      mkdirSync(this.dataDir, { recursive: true });
      const fd = openSync(temporary, 'w', 0o644);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.location);
      // The rename itself must reach the disk, or a crash could bring back the old roster.
      const dirFd = openSync(this.dataDir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } catch (error) {
      throw new RosterPersistError(this.location, error);
    }
  }
}

/** A roster kept in memory only: for tests and for brokers run without a data directory. */
export class MemoryRosterStore implements RosterStore {
  readonly location = 'memory';
  private snapshot: RosterSnapshot | undefined;

  load(): RosterSnapshot | undefined {
    return this.snapshot;
  }

  save(snapshot: RosterSnapshot): void {
    this.snapshot = {
      ...snapshot,
      publicKeys: [...snapshot.publicKeys],
      ...(snapshot.lastAuthTimestamps ? { lastAuthTimestamps: { ...snapshot.lastAuthTimestamps } } : {}),
    };
  }
}

/** Most keys a roster holds: the --nodes flag's maximum. */
const MAX_ROSTER_KEYS = 10_000;

/** The roster file (the JSON above); keys are 48-byte lower-case hex, each once. */
const RosterFileJson = Type.Object({
  ...NetworkJson.properties,
  publicKeys: Type.Array(PublicKeyJson, { maxItems: MAX_ROSTER_KEYS, uniqueItems: true }),
  lastAuthTimestamps: Type.Optional(
    Type.Record(PublicKeyNameJson, Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), {
      additionalProperties: false,
      maxProperties: MAX_ROSTER_KEYS,
    }),
  ),
});
type RosterFileJson = Static<typeof RosterFileJson>;
const rosterFile = jsonSchema(RosterFileJson);

/** Checks a parsed roster document against its schema and itself; throws RosterFileCorruptError. */
function parseRosterSnapshot(raw: unknown, location: string): RosterSnapshot {
  const corrupt = (reason: string) => new RosterFileCorruptError(location, reason);
  const result = rosterFile.check(raw);
  if (!result.ok) throw corrupt(result.message);
  const { expectedNodes, config, publicKeys, lastAuthTimestamps } = result.value;
  if (publicKeys.length > expectedNodes) throw corrupt('more publicKeys than expectedNodes');
  const keys = new Set<string>(publicKeys);
  for (const key of Object.keys(lastAuthTimestamps ?? {})) {
    if (!keys.has(key)) throw corrupt(`lastAuthTimestamps names ${key}, not a roster key`);
  }
  return {
    expectedNodes,
    config: consensusConfigFromJson(config),
    publicKeys,
    // Every key of lastAuthTimestamps is a roster key (checked above).
    ...(lastAuthTimestamps ? { lastAuthTimestamps: lastAuthTimestamps as Record<Hex, number> } : {}),
  };
}

/** The first field in which a stored roster differs from the requested node count and config, if any. */
export function rosterMismatch(
  stored: RosterSnapshot,
  expectedNodes: number,
  config: ConsensusConfig,
): { field: string; stored: unknown; requested: unknown } | undefined {
  if (stored.expectedNodes !== expectedNodes) {
    return { field: 'nodes', stored: stored.expectedNodes, requested: expectedNodes };
  }
  if (stored.config.chainId !== config.chainId) {
    return { field: 'chainId', stored: stored.config.chainId, requested: config.chainId };
  }
  for (const name of CONFIG_NUMBER_FIELDS) {
    if (stored.config[name] !== config[name])
      return { field: name, stored: stored.config[name], requested: config[name] };
  }
  return undefined;
}

/** Throws RosterMismatchError when a stored roster belongs to another node count or config than requested. */
export function checkStoredRoster(
  stored: RosterSnapshot,
  expectedNodes: number,
  config: ConsensusConfig,
  location: string,
): void {
  const mismatch = rosterMismatch(stored, expectedNodes, config);
  if (mismatch) throw new RosterMismatchError(location, mismatch.field, mismatch.stored, mismatch.requested);
}
