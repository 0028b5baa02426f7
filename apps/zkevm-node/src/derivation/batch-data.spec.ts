import { bytesToHex, keccak256, type Hex } from 'viem';
import { encodeNamespacePayload, headerCommitment, type Bytes32, type Header } from '@hotshot/protocol';
import type { NamespaceBlock } from '@hotshot/sequencer-api';
import { BatchDataMismatchError, BatchDataUnavailableError } from '../errors';
import { SequencerDataSource, type SequencedBatch } from './batch-data';

const NAMESPACE = 3;
const header: Header = {
  chainId: 35353n,
  height: 12,
  timestamp: 1_700_000_000_123,
  l1Head: 4,
  parentCommitment: `0x${'11'.repeat(32)}` as Bytes32,
  payloadCommitment: `0x${'22'.repeat(32)}` as Bytes32,
  payloadSize: 99,
};
const txs = [new Uint8Array([1, 2, 3]), new Uint8Array([0xff])];
const payloadHash = keccak256(encodeNamespacePayload(txs));

function served(overrides: Partial<NamespaceBlock> = {}): SequencerDataSource {
  const block: NamespaceBlock = {
    height: header.height,
    header,
    headerCommitment: headerCommitment(header),
    available: true,
    namespaceTable: [],
    transactions: txs,
    ...overrides,
  };
  return new SequencerDataSource({ namespaceBlock: async () => block }, NAMESPACE);
}

const batch = (table: SequencedBatch['namespaceTable']): SequencedBatch => ({ header, namespaceTable: table });

describe('SequencerDataSource', () => {
  it("returns the namespace's transactions when they hash to L1's payload hash for the header L1 sequenced", async () => {
    const got = await served().transactions(batch([{ namespace: NAMESPACE, txCount: 2, payloadHash }]));
    expect(got).toEqual(txs.map((tx) => bytesToHex(tx)));
  });

  it('refuses transactions that differ from the commitment, by one dropped or altered transaction', async () => {
    const table = [{ namespace: NAMESPACE, txCount: 2, payloadHash }];
    await expect(served({ transactions: [txs[0]!] }).transactions(batch(table))).rejects.toThrow(
      BatchDataMismatchError,
    );
    await expect(
      served({ transactions: [txs[0]!, new Uint8Array([0xfe])] }).transactions(batch(table)),
    ).rejects.toThrow(/namespace payload hash/);
  });

  it('refuses a block under another header, and data for a namespace L1 says is absent', async () => {
    const table = [{ namespace: NAMESPACE, txCount: 2, payloadHash }];
    const other = `0x${'33'.repeat(32)}` as Hex;
    await expect(served({ headerCommitment: other as Bytes32 }).transactions(batch(table))).rejects.toThrow(
      /header commitment/,
    );
    await expect(served().transactions(batch([]))).rejects.toThrow(BatchDataMismatchError);
    expect(await served({ transactions: [] }).transactions(batch([]))).toEqual([]);
  });

  it('reports a height whose data the node does not have as unavailable', async () => {
    const table = [{ namespace: NAMESPACE, txCount: 2, payloadHash }];
    await expect(served({ available: false }).transactions(batch(table))).rejects.toThrow(BatchDataUnavailableError);
    const none = new SequencerDataSource({ namespaceBlock: async () => undefined }, NAMESPACE);
    await expect(none.transactions(batch(table))).rejects.toThrow(BatchDataUnavailableError);
  });
});
