import { bytesToHex, keccak256, type Hex } from 'viem';
import { namespacePayloadHash } from '@hotshot/l1';
import { encodeNamespacePayload, headerCommitment, type Header } from '@hotshot/protocol';
import type { NamespaceBlock } from '@hotshot/sequencer-api';
import { BatchDataMismatchError, BatchDataUnavailableError } from '../errors';

/** A height as L1 sequenced it: its header and namespace table (the commitments phase II checks data against). */
export interface SequencedBatch {
  readonly header: Header;
  readonly namespaceTable: readonly { namespace: number; txCount: number; payloadHash: Hex }[];
}

/** Where phase II gets a height's namespace transactions. */
export interface DataSource {
  transactions(batch: SequencedBatch): Promise<readonly Hex[]>;
}

/** The sequencer API as phase II reads it. */
export interface NamespaceBlockReader {
  namespaceBlock(height: number, namespace: number): Promise<NamespaceBlock | undefined>;
}

/**
 * Phase II data: the namespace's transactions from the sequencer API, accepted only when the block's header is the
 * one L1 sequenced and the transactions hash to the payload hash L1's namespace table holds.
 */
export class SequencerDataSource implements DataSource {
  constructor(
    private readonly api: NamespaceBlockReader,
    private readonly namespace: number,
  ) {}

  async transactions(batch: SequencedBatch): Promise<readonly Hex[]> {
    const height = batch.header.height;
    const block = await this.api.namespaceBlock(height, this.namespace);
    if (!block?.available) throw new BatchDataUnavailableError(height, this.namespace);
    const expectedHeader = headerCommitment(batch.header);
    if (block.headerCommitment !== expectedHeader) {
      throw new BatchDataMismatchError(height, 'header commitment', expectedHeader, block.headerCommitment);
    }
    const expected = namespacePayloadHash(batch.namespaceTable, this.namespace);
    const got = keccak256(encodeNamespacePayload(block.transactions));
    if (got !== expected) throw new BatchDataMismatchError(height, 'namespace payload hash', expected, got);
    return block.transactions.map((tx) => bytesToHex(tx));
  }
}

/** Phase I carries the transactions in calldata: asking for them elsewhere is a bug. */
export const NO_DATA_SOURCE: DataSource = {
  transactions: (batch) => Promise.reject(new BatchDataUnavailableError(batch.header.height, -1)),
};
