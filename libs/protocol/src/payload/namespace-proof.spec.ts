import { zeroHash } from 'viem';
import { CommitmentMismatchError, DecodeError, NamespaceOrderError } from '../errors/decode-errors';
import { genesisHeader } from '../model/genesis';
import type { Header } from '../model/types';
import type { BlockBounds } from './block-bounds';
import { buildBlockPayload, checkBlockPayload } from './block-payload';
import { encodeNamespacePayload } from './namespace-payload';
import { InvalidNamespaceProofError, namespaceProof, verifyNamespaceProof } from './namespace-proof';

const bounds: BlockBounds = { maxTxBytes: 64, maxBlockBytes: 4096, maxBlockTxs: 64 };
const payload = buildBlockPayload(
  [
    { namespace: 10, payload: Uint8Array.of(1) },
    { namespace: 30, payload: Uint8Array.of(3) },
    { namespace: 10, payload: Uint8Array.of(2) },
  ],
  bounds,
);
const checked = checkBlockPayload(payload, bounds);
const header: Header = {
  ...genesisHeader(1n),
  height: 1,
  payloadCommitment: checked.commitment,
  payloadSize: checked.size,
};

describe('namespace proofs', () => {
  it("prove a present namespace's transactions in block order", () => {
    const proof = namespaceProof(payload, 10);
    expect(proof.index).toBe(0);
    expect(verifyNamespaceProof(header, proof, 10)).toEqual([
      { namespace: 10, payload: Uint8Array.of(1) },
      { namespace: 10, payload: Uint8Array.of(2) },
    ]);
    expect(verifyNamespaceProof(header, namespaceProof(payload, 30), 30, bounds)).toHaveLength(1);
  });

  it('prove absence with the sorted table alone', () => {
    for (const namespace of [0, 20, 31, 0xffff_ffff]) {
      const proof = namespaceProof(payload, namespace);
      expect(proof).toEqual({ namespaceTable: payload.namespaceTable });
      expect(verifyNamespaceProof(header, proof, namespace)).toEqual([]);
    }
  });

  it('refuse a table that is not the header commitment', () => {
    const proof = namespaceProof(payload, 20);
    expect(() => verifyNamespaceProof({ ...header, payloadCommitment: zeroHash }, proof, 20)).toThrow(
      CommitmentMismatchError,
    );
    // Hiding a namespace by dropping its row changes the commitment.
    const hidden = { namespaceTable: payload.namespaceTable.slice(1) };
    expect(() => verifyNamespaceProof(header, hidden, 10)).toThrow(CommitmentMismatchError);
  });

  it('refuse an unsorted table even before hashing it', () => {
    const reversed = { namespaceTable: [...payload.namespaceTable].reverse() };
    expect(() => verifyNamespaceProof(header, reversed, 20)).toThrow(NamespaceOrderError);
  });

  it('refuse a payload that is not the one the table commits to', () => {
    const forged = { ...namespaceProof(payload, 10), namespacePayload: encodeNamespacePayload([Uint8Array.of(1)]) };
    expect(() => verifyNamespaceProof(header, forged, 10)).toThrow(CommitmentMismatchError);
  });

  it('refuse proofs that are inconsistent with the table', () => {
    const present = namespaceProof(payload, 10);
    expect(() => verifyNamespaceProof(header, { ...present, index: 1 }, 10)).toThrow(InvalidNamespaceProofError);
    expect(() => verifyNamespaceProof(header, { namespaceTable: present.namespaceTable, index: 0 }, 10)).toThrow(
      InvalidNamespaceProofError,
    );
    expect(() => verifyNamespaceProof(header, present, 20)).toThrow(InvalidNamespaceProofError);
    expect(() => verifyNamespaceProof(header, present, -1)).toThrow(DecodeError);
  });

  it('hold a payload to the bounds given', () => {
    expect(() => verifyNamespaceProof(header, namespaceProof(payload, 10), 10, { ...bounds, maxBlockTxs: 1 })).toThrow(
      expect.objectContaining({ bound: 'maxBlockTxs' }),
    );
  });
});
