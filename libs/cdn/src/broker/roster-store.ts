import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsensusConfig } from '@hotshot/protocol';
import type { Hex } from 'viem';
import { RosterFileCorruptError, RosterMismatchError, RosterPersistError } from './broker-errors';

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
    const text = `${JSON.stringify(
      {
        version: 1,
        expectedNodes: snapshot.expectedNodes,
        config: { ...snapshot.config, chainId: snapshot.config.chainId.toString() },
        publicKeys: snapshot.publicKeys,
        ...(snapshot.lastAuthTimestamps && Object.keys(snapshot.lastAuthTimestamps).length > 0
          ? { lastAuthTimestamps: snapshot.lastAuthTimestamps }
          : {}),
      },
      null,
      2,
    )}\n`;
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

/** Checks a parsed roster document (the JSON above); throws what `corrupt` makes (RosterFileCorruptError by default). */
export function parseRosterSnapshot(
  raw: unknown,
  location: string,
  corrupt: (reason: string) => Error = (reason) => new RosterFileCorruptError(location, reason),
): RosterSnapshot {
  if (typeof raw !== 'object' || raw === null) throw corrupt('not a JSON object');
  const file = raw as Record<string, unknown>;
  if (file.version !== 1) throw corrupt(`unknown version ${JSON.stringify(file.version)}`);
  const expectedNodes = file.expectedNodes;
  if (typeof expectedNodes !== 'number' || !Number.isSafeInteger(expectedNodes) || expectedNodes < 1) {
    throw corrupt('expectedNodes is not a positive integer');
  }
  const keys = file.publicKeys;
  if (!Array.isArray(keys)) throw corrupt('publicKeys is not an array');
  const seen = new Set<string>();
  for (const key of keys) {
    if (typeof key !== 'string' || !/^0x[0-9a-f]{96}$/.test(key)) {
      throw corrupt(`publicKeys holds ${JSON.stringify(key)}, not a 48-byte lower-case hex key`);
    }
    if (seen.has(key)) throw corrupt(`publicKeys holds ${key} twice`);
    seen.add(key);
  }
  if (keys.length > expectedNodes) throw corrupt('more publicKeys than expectedNodes');
  const config = file.config;
  if (typeof config !== 'object' || config === null) throw corrupt('config is not an object');
  const fields = config as Record<string, unknown>;
  if (typeof fields.chainId !== 'string' || !/^\d+$/.test(fields.chainId))
    throw corrupt('config.chainId is not a decimal string');
  const parsed: Record<string, number> = {};
  for (const name of CONFIG_NUMBER_FIELDS) {
    const value = fields[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw corrupt(`config.${name} is not a number`);
    parsed[name] = value;
  }
  const lastAuthTimestamps = parseAuthTimestamps(file.lastAuthTimestamps, seen, corrupt);
  return {
    expectedNodes,
    config: { chainId: BigInt(fields.chainId), ...(parsed as Omit<ConsensusConfig, 'chainId'>) },
    publicKeys: keys as Hex[],
    ...(lastAuthTimestamps ? { lastAuthTimestamps } : {}),
  };
}

/** Checks the optional `lastAuthTimestamps` object: roster keys to non-negative integer milliseconds. */
function parseAuthTimestamps(
  raw: unknown,
  rosterKeys: ReadonlySet<string>,
  corrupt: (reason: string) => Error,
): Record<Hex, number> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw corrupt('lastAuthTimestamps is not an object');
  }
  const timestamps: Record<Hex, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!rosterKeys.has(key)) throw corrupt(`lastAuthTimestamps names ${JSON.stringify(key)}, not a roster key`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw corrupt(`lastAuthTimestamps of ${key} is not a non-negative integer`);
    }
    timestamps[key as Hex] = value;
  }
  return timestamps;
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
