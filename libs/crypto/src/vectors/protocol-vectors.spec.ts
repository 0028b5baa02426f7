import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quorumThreshold, type Bytes32 } from '@hotshot/protocol';
import { hexToBytes } from 'viem';
import { BLS_DST } from '../bls/bls';
import { bitmapToSigners } from '../certificate/signer-bitmap';
import { StakeTableKeys } from '../certificate/stake-table-keys';
import { verifyCertificate } from '../certificate/verify-certificate';
import { renderProtocolVectors, type ProtocolVectors } from './protocol-vectors';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'contracts', 'test', 'fixtures', 'protocol-vectors.json');

describe('protocol vectors', () => {
  const rendered = renderProtocolVectors();
  const vectors = JSON.parse(rendered) as ProtocolVectors;

  it('match the committed fixture file (run `npm run fixtures` after changing an encoding)', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(rendered);
  });

  it('hold a header hash chain of at least four headers from genesis, each with its leaf', () => {
    expect(vectors.headers.length).toBeGreaterThanOrEqual(4);
    expect(vectors.headers[0].height).toBe('0');
    vectors.headers.forEach((header, i) => {
      expect(header.height).toBe(String(i));
      if (i > 0) expect(header.parentCommitment).toBe(vectors.headers[i - 1].commitment);
      expect(vectors.leaves[i].headerCommitment).toBe(header.commitment);
      if (i > 0) expect(vectors.leaves[i].parentLeafCommitment).toBe(vectors.leaves[i - 1].commitment);
    });
    expect(vectors.namespaceTables.some((table) => table.entries.length === 0)).toBe(true);
  });

  it('hold a finality certificate that a strict quorum signed and that verifies', () => {
    const { finality } = vectors;
    const table = finality.stakeTable.map((m) => ({ publicKey: hexToBytes(m.publicKey), stake: BigInt(m.stake) }));
    const keys = new StakeTableKeys(table);
    expect(keys.size).toBe(10);
    const signers = hexToBytes(finality.signers);
    expect(bitmapToSigners(signers, 10)).toEqual(finality.signerIndices);
    expect(finality.signerIndices.length).toBeLessThan(10);
    expect(finality.headerCommitment).toBe(vectors.headers[vectors.headers.length - 1].commitment);
    const certificate = { signers, signature: hexToBytes(finality.signature) };
    expect(() =>
      verifyCertificate(keys, finality.digest as Bytes32, certificate, quorumThreshold(keys.totalStake)),
    ).not.toThrow();
  });

  it('hash to G2 with the protocol DST the empty message, the finality digest and a long message', () => {
    const { hashToG2, finality } = vectors;
    expect(hashToG2.dst).toBe(BLS_DST);
    expect(BLS_DST).toBe('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_');
    const messages = hashToG2.vectors.map((v) => v.message);
    expect(messages).toContain('0x');
    expect(messages).toContain(finality.digest);
    expect(Math.max(...messages.map((m) => hexToBytes(m).length))).toBeGreaterThan(256);
    for (const { point } of hashToG2.vectors) expect(hexToBytes(point)).toHaveLength(256);
    expect(new Set(hashToG2.vectors.map((v) => v.point)).size).toBe(hashToG2.vectors.length);
  });
});
