import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bytesToHex } from 'viem';
import { ConfigError } from '@hotshot/config';
import { demoKeyPair } from '@hotshot/crypto';
import { consensusConfigToJson, DEFAULT_CONSENSUS_CONFIG } from '@hotshot/protocol';
import { WelcomeDisagreesWithGenesisError } from '../node-errors';
import { genesisDifference, readGenesisFile } from './genesis-check';

const stakeTable = [0, 1, 2].map((i) => ({ publicKey: demoKeyPair('genesis-spec', i).publicKey, stake: 1n }));
const genesis = { config: DEFAULT_CONSENSUS_CONFIG, stakeTable };
const dir = mkdtempSync(path.join(os.tmpdir(), 'genesis-spec-'));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** What `/v0/config/hotshot` answers for `genesis` (the totals are there too, and not read). */
const answer = {
  config: consensusConfigToJson(DEFAULT_CONSENSUS_CONFIG),
  stakeTable: stakeTable.map((member, index) => ({
    index,
    publicKey: bytesToHex(member.publicKey),
    publicKeyEip2537: '0x00',
    stake: member.stake.toString(),
  })),
  totalStake: '3',
  quorumThreshold: '3',
  oneHonestThreshold: '2',
};

describe('readGenesisFile', () => {
  it('reads a saved /v0/config/hotshot answer', () => {
    expect(readGenesisFile(write('good.json', JSON.stringify(answer)))).toEqual(genesis);
  });

  it('refuses a missing, non-JSON or malformed file with a ConfigError naming the file', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => readGenesisFile(missing)).toThrow(ConfigError);
    expect(() => readGenesisFile(missing)).toThrow(`--genesis ${missing} cannot be read`);
    expect(() => readGenesisFile(write('text.json', 'genesis'))).toThrow('is not JSON');
    const noTable = write('no-table.json', JSON.stringify({ config: answer.config }));
    expect(() => readGenesisFile(noTable)).toThrow(`--genesis ${noTable} is not a genesis`);
  });
});

describe('genesisDifference', () => {
  it('finds none when Welcome carries the same config and table', () => {
    expect(genesisDifference(genesis, { config: { ...DEFAULT_CONSENSUS_CONFIG }, stakeTable: [...stakeTable] })).toBe(
      undefined,
    );
  });

  it.each([
    ['chainId', 1n, 'config.chainId'],
    ['viewTimeoutMs', 1, 'config.viewTimeoutMs'],
    ['timeoutRatio', 2, 'config.timeoutRatio'],
    ['daCommitteeSize', 2, 'config.daCommitteeSize'],
    ['maxTxBytes', 7, 'config.maxTxBytes'],
    ['maxBlockBytes', 7, 'config.maxBlockBytes'],
    ['maxBlockTxs', 7, 'config.maxBlockTxs'],
    ['startDelayMs', 7, 'config.startDelayMs'],
  ] as const)('names a config field that differs: %s', (key, value, field) => {
    const difference = genesisDifference(genesis, {
      config: { ...DEFAULT_CONSENSUS_CONFIG, [key]: value },
      stakeTable,
    });
    expect(difference).toEqual({
      field,
      expected: String(consensusConfigToJson(DEFAULT_CONSENSUS_CONFIG)[key]),
      got: String(value),
    });
  });

  it('names the stake table field and member that differ', () => {
    const config = DEFAULT_CONSENSUS_CONFIG;
    expect(genesisDifference(genesis, { config, stakeTable: stakeTable.slice(1) })?.field).toBe('stakeTable.size');
    const restaked = stakeTable.map((m, i) => (i === 2 ? { ...m, stake: 5n } : m));
    expect(genesisDifference(genesis, { config, stakeTable: restaked })).toMatchObject({
      field: 'stakeTable.stake',
      index: 2,
      expected: '1',
      got: '5',
    });
    const swapped = [stakeTable[1]!, stakeTable[0]!, stakeTable[2]!];
    expect(genesisDifference(genesis, { config, stakeTable: swapped })).toMatchObject({
      field: 'stakeTable.publicKey',
      index: 0,
    });
  });

  it('becomes an error whose message and details name the field', () => {
    const difference = genesisDifference(genesis, {
      config: { ...DEFAULT_CONSENSUS_CONFIG, maxBlockBytes: 7 },
      stakeTable,
    })!;
    const error = new WelcomeDisagreesWithGenesisError(difference, 'genesis.json');
    expect(error.message).toContain('config.maxBlockBytes');
    expect(error.details).toMatchObject({ field: 'config.maxBlockBytes', welcome: '7', file: 'genesis.json' });
  });
});
