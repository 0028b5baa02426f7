import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestNetwork } from '../support/network-harness';

/**
 * Nodes check what they are told (issue 18): a node started with --genesis compares the consensus config and stake
 * table in the broker's Welcome with the file, joins when they match, and exits 1 naming the field when they do not.
 * The genesis file is what a trusted node's `/v0/config/hotshot` answers, saved.
 */
describe('a node with --genesis', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'genesis-e2e-'));
  let answer: { config: Record<string, unknown> };

  beforeAll(async () => {
    // One bootstrap broker and one node: the same flags give every network here the same config and table.
    const trusted = new TestNetwork({ nodes: 1 });
    try {
      await trusted.start();
      await trusted.waitForHeight(1, [0]);
      const { status, body } = await trusted.get<{ config: Record<string, unknown> }>(0, '/v0/config/hotshot');
      expect(status).toBe(200);
      answer = body;
    } finally {
      await trusted.stop();
    }
  });

  const genesisFile = (name: string, content: unknown): string => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('joins and decides when Welcome matches the file', async () => {
    const net = new TestNetwork({ nodes: 1, nodeArgs: ['--genesis', genesisFile('genesis.json', answer)] });
    try {
      await net.start();
      await net.waitForHeight(2, [0]);
      expect(readFileSync(net.nodeLog(0), 'utf8')).toContain('"msg":"Welcome matches the genesis file"');
    } finally {
      await net.stop();
    }
  });

  it('exits 1 without starting consensus when Welcome carries another config, naming the field', async () => {
    const other = { ...answer, config: { ...answer.config, maxBlockBytes: 12_345 } };
    const net = new TestNetwork({ nodes: 1, nodeArgs: ['--genesis', genesisFile('other.json', other)] });
    try {
      await net.start();
      expect(await net.waitForExit(0)).toBe(1);
      const log = readFileSync(net.nodeLog(0), 'utf8');
      expect(log).toContain('Welcome disagrees with the genesis file; consensus not started');
      expect(log).toContain('WelcomeDisagreesWithGenesisError');
      expect(log).toContain('config.maxBlockBytes');
      expect(log).not.toContain('"msg":"starting consensus from genesis"');
    } finally {
      await net.stop();
    }
  });

  it('exits 2 on a file that is not a genesis, before joining', async () => {
    const broken = genesisFile('broken.json', { config: answer.config });
    const net = new TestNetwork({ nodes: 1, nodeArgs: ['--genesis', broken] });
    try {
      await net.start();
      expect(await net.waitForExit(0)).toBe(2);
      const log = readFileSync(net.nodeLog(0), 'utf8');
      expect(log).toContain(`--genesis ${broken} is not a genesis`);
      expect(log).not.toContain('joining the network');
    } finally {
      await net.stop();
    }
  });
});
