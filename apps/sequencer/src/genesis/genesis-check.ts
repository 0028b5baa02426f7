import { readFileSync } from 'node:fs';
import { ConfigError } from '@hotshot/config';
import { consensusConfigToJson, stakeTableDifference } from '@hotshot/protocol';
import { genesisFromJson, type Genesis } from '@hotshot/sequencer-api';

/** Where a Welcome first differs from the genesis file: a config field, or the stake table's size, a key or a stake. */
export interface GenesisDifference {
  /** `config.<field>` (`config.maxBlockBytes`), or `stakeTable.size`, `stakeTable.publicKey`, `stakeTable.stake`. */
  readonly field: string;
  /** The member index of a stake-table difference. */
  readonly index?: number;
  readonly expected: string;
  readonly got: string;
}

/**
 * Reads `--genesis`: the JSON `/v0/config/hotshot` answers (a trusted node's answer, saved, is a genesis file).
 * Throws ConfigError naming the file and what is wrong with it, before the node joins anything.
 */
export function readGenesisFile(file: string): Genesis {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`--genesis ${file} cannot be read`, undefined, cause);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`--genesis ${file} is not JSON`, undefined, cause);
  }
  try {
    return genesisFromJson(json);
  } catch (cause) {
    throw new ConfigError(`--genesis ${file} is not a genesis (the JSON of /v0/config/hotshot)`, undefined, cause);
  }
}

/** The first field in which what the broker welcomed this node with differs from the genesis file, or undefined. */
export function genesisDifference(genesis: Genesis, welcome: Genesis): GenesisDifference | undefined {
  const expected: Record<string, string | number> = consensusConfigToJson(genesis.config);
  const got: Record<string, string | number> = consensusConfigToJson(welcome.config);
  for (const field of Object.keys(expected)) {
    if (expected[field] !== got[field]) {
      return { field: `config.${field}`, expected: String(expected[field]), got: String(got[field]) };
    }
  }
  const table = stakeTableDifference(genesis.stakeTable, welcome.stakeTable);
  return table && { ...table, field: `stakeTable.${table.field}` };
}
