import { SchemaError } from '@hotshot/protocol';
import type { Hex } from 'viem';
import { ProtectionRecordError, SigningRefusedError } from '../signer-errors';
import { INTERCHANGE_FORMAT_VERSION, exportInterchange, importInterchange } from './protection-interchange';
import { SigningProtectionDb } from './signing-protection-db';

const keyA = `0x${'a1'.repeat(48)}` as Hex;
const keyB = `0x${'b2'.repeat(48)}` as Hex;
const digest = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SigningRefusedError) return error.code;
    throw error;
  }
  return undefined;
}

describe('protection interchange', () => {
  it("moves one key's record to a new database, which then refuses the conflicting digest and older votes", () => {
    const source = SigningProtectionDb.open(':memory:', 31337n);
    source.record({ publicKey: keyA, kind: 'quorum-vote', position: 7, digest: digest(1) });
    source.record({ publicKey: keyA, kind: 'proposal', position: 6, digest: digest(2) });
    source.record({ publicKey: keyB, kind: 'quorum-vote', position: 50, digest: digest(3) });
    const document = exportInterchange(source, [keyA]);
    expect(document.metadata).toEqual({ interchange_format_version: INTERCHANGE_FORMAT_VERSION, chain_id: '31337' });
    expect(document.data).toEqual([
      {
        pubkey: keyA,
        signed: [
          { kind: 'proposal', position: '6', digest: digest(2) },
          { kind: 'quorum-vote', position: '7', digest: digest(1) },
        ],
        watermarks: [{ kind: 'quorum-vote', position: '7' }],
      },
    ]);

    const target = SigningProtectionDb.open(':memory:', 31337n);
    const text = JSON.stringify(document);
    expect(importInterchange(target, text, 'protection.json')).toEqual({ records: 2, conflicts: 0, watermarks: 1 });
    // Importing twice changes nothing.
    expect(importInterchange(target, text, 'protection.json')).toEqual({ records: 0, conflicts: 0, watermarks: 1 });
    expect(codeOf(() => target.record({ publicKey: keyA, kind: 'quorum-vote', position: 7, digest: digest(9) }))).toBe(
      'double-sign',
    );
    expect(codeOf(() => target.record({ publicKey: keyA, kind: 'quorum-vote', position: 3, digest: digest(9) }))).toBe(
      'below-watermark',
    );
    expect(codeOf(() => target.record({ publicKey: keyA, kind: 'proposal', position: 6, digest: digest(9) }))).toBe(
      'double-sign',
    );
    // keyB was not exported: the target knows nothing of it.
    expect(target.record({ publicKey: keyB, kind: 'quorum-vote', position: 1, digest: digest(9) })).toBe('new');
  });

  it('refuses a file of another chain with a typed error, and a malformed one with a SchemaError naming the place', () => {
    const db = SigningProtectionDb.open(':memory:', 1n);
    const document = exportInterchange(SigningProtectionDb.open(':memory:', 2n));
    expect(() => importInterchange(db, JSON.stringify(document), 'other.json')).toThrow(ProtectionRecordError);

    const bad = {
      metadata: { interchange_format_version: INTERCHANGE_FORMAT_VERSION, chain_id: '1' },
      data: [{ pubkey: keyA, signed: [{ kind: 'quorum-vote', position: '-1', digest: digest(1) }], watermarks: [] }],
    };
    expect(() => importInterchange(db, JSON.stringify(bad), 'bad.json')).toThrow(SchemaError);
    expect(() => importInterchange(db, JSON.stringify(bad), 'bad.json')).toThrow(
      /^bad\.json: \/data\/0\/signed\/0\/position/,
    );
    expect(() => importInterchange(db, '{', 'broken.json')).toThrow(/broken\.json: \(root\) is not JSON/);
    const unknownKind = JSON.stringify(bad).replace('"quorum-vote"', '"slashing-vote"').replace('"-1"', '"1"');
    expect(() => importInterchange(db, unknownKind, 'kind.json')).toThrow(SchemaError);
    // Nothing was written by the refused files.
    expect(db.contents()).toEqual({ signed: [], watermarks: [] });
  });
});
