import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hex } from 'viem';
import { ProtectionRecordError, SigningRefusedError } from '../signer-errors';
import { SigningProtectionDb, type SignedRecord } from './signing-protection-db';

const key = `0x${'a1'.repeat(48)}` as Hex;
const other = `0x${'b2'.repeat(48)}` as Hex;
const digest = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex;
const vote = (position: number, byte: number, publicKey = key): SignedRecord => ({
  publicKey,
  kind: 'quorum-vote',
  position,
  digest: digest(byte),
});

function refusalOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SigningRefusedError) return error.code;
    throw error;
  }
  return undefined;
}

describe('SigningProtectionDb', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'signer-db-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records a vote, answers the same digest again, refuses another digest in that view as double-sign', () => {
    const db = SigningProtectionDb.open(':memory:', 7n);
    expect(db.record(vote(5, 1))).toBe('new');
    expect(db.record(vote(5, 1))).toBe('repeated');
    expect(refusalOf(() => db.record(vote(5, 2)))).toBe('double-sign');
    // Hex case does not make a digest new.
    expect(db.record({ ...vote(5, 1), digest: digest(1).toUpperCase().replace('0X', '0x') as Hex })).toBe('repeated');
    db.close();
  });

  it('refuses a vote below the highest view voted at, per key and per vote kind', () => {
    const db = SigningProtectionDb.open(':memory:', 7n);
    db.record(vote(10, 1));
    expect(refusalOf(() => db.record(vote(9, 3)))).toBe('below-watermark');
    // Another key, and another vote kind, have their own watermarks.
    expect(db.record(vote(9, 3, other))).toBe('new');
    expect(db.record({ ...vote(9, 3), kind: 'timeout-vote' })).toBe('new');
    expect(db.record(vote(11, 4))).toBe('new');
    db.close();
  });

  it('keeps proposals and finality to one digest per view or height, without a watermark', () => {
    const db = SigningProtectionDb.open(':memory:', 7n);
    expect(db.record({ ...vote(8, 1), kind: 'proposal' })).toBe('new');
    expect(db.record({ ...vote(4, 2), kind: 'proposal' })).toBe('new');
    expect(refusalOf(() => db.record({ ...vote(8, 3), kind: 'proposal' }))).toBe('double-sign');
    expect(db.record({ ...vote(3, 1), kind: 'finality' })).toBe('new');
    expect(refusalOf(() => db.record({ ...vote(3, 2), kind: 'finality' }))).toBe('double-sign');
    db.close();
  });

  it('keeps its record across a reopen and refuses to open for another chain', () => {
    const file = path.join(dir, 'nested', 'signer.db');
    const first = SigningProtectionDb.open(file, 7n);
    first.record(vote(3, 1));
    first.close();
    const again = SigningProtectionDb.open(file, 7n);
    expect(refusalOf(() => again.record(vote(3, 2)))).toBe('double-sign');
    expect(refusalOf(() => again.record(vote(2, 2)))).toBe('below-watermark');
    again.close();
    expect(SigningProtectionDb.chainIdOf(file)).toBe(7n);
    expect(() => SigningProtectionDb.open(file, 8n)).toThrow(ProtectionRecordError);
    expect(() => SigningProtectionDb.chainIdOf(path.join(dir, 'absent.db'))).toThrow(ProtectionRecordError);
  });

  it('has a record on disk when record returns: a process killed right after cannot sign that view again', () => {
    const file = path.join(dir, 'signer.db');
    const child = path.join(dir, 'crash-after-record.ts');
    // Records a vote, says so (the moment a signature would leave), and dies by SIGKILL without closing anything.
    writeFileSync(
      child,
      `import { SigningProtectionDb } from ${JSON.stringify(path.join(__dirname, 'signing-protection-db'))};
      const db = SigningProtectionDb.open(${JSON.stringify(file)}, 7n);
      db.record({ publicKey: '${key}', kind: 'quorum-vote', position: 12, digest: '${digest(1)}' });
      process.stdout.write('recorded\\n', () => process.kill(process.pid, 'SIGKILL'));`,
    );
    const root = path.resolve(__dirname, '../../../..');
    // Node itself, with tsx as a loader (the tsx binary is a wrapper process that would report the kill as an exit code).
    const run = spawnSync(process.execPath, ['--import', 'tsx', child], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('recorded\n');
    expect(run.signal).toBe('SIGKILL');
    const db = SigningProtectionDb.open(file, 7n);
    expect(refusalOf(() => db.record(vote(12, 2)))).toBe('double-sign');
    expect(refusalOf(() => db.record(vote(11, 2)))).toBe('below-watermark');
    expect(db.record(vote(12, 1))).toBe('repeated');
    db.close();
  });

  it('merges another record keeping the maximum: held digests stay, watermarks only rise', () => {
    const db = SigningProtectionDb.open(':memory:', 7n);
    db.record(vote(20, 1));
    const summary = db.merge(
      [vote(20, 9), vote(30, 2), { ...vote(5, 3), kind: 'proposal' }],
      [
        { publicKey: key, kind: 'quorum-vote', position: 25 },
        { publicKey: other, kind: 'da-vote', position: 40 },
      ],
    );
    expect(summary).toEqual({ records: 2, conflicts: 1, watermarks: 2 });
    expect(db.record(vote(20, 1))).toBe('repeated');
    expect(refusalOf(() => db.record(vote(29, 4)))).toBe('below-watermark');
    expect(refusalOf(() => db.record({ ...vote(40, 4, other), kind: 'da-vote' }))).toBe('below-watermark');
    // A lower watermark merged later does not lower it.
    db.merge([], [{ publicKey: key, kind: 'quorum-vote', position: 1 }]);
    expect(refusalOf(() => db.record(vote(30, 5)))).toBe('double-sign');
    expect(refusalOf(() => db.record(vote(29, 5)))).toBe('below-watermark');
    expect(db.record(vote(31, 5))).toBe('new');
    db.close();
  });

  it('prunes old records but keeps refusing them: each pruned kind gets a watermark at its highest forgotten position', () => {
    const db = SigningProtectionDb.open(':memory:', 7n);
    for (let view = 1; view <= 10; view++) {
      db.record(vote(view, view));
      db.record({ ...vote(view, view), kind: 'proposal' });
    }
    expect(db.prune(3)).toBe(14);
    expect(db.contents().signed.map((record) => `${record.kind}:${record.position}`)).toEqual([
      'proposal:8',
      'proposal:9',
      'proposal:10',
      'quorum-vote:8',
      'quorum-vote:9',
      'quorum-vote:10',
    ]);
    // A forgotten proposal cannot be signed with another digest, nor (now unknowable) with the same one.
    expect(refusalOf(() => db.record({ ...vote(4, 99), kind: 'proposal' }))).toBe('below-watermark');
    expect(refusalOf(() => db.record({ ...vote(7, 7), kind: 'proposal' }))).toBe('below-watermark');
    // Kept records still answer and refuse as before; new positions above the floor still sign.
    expect(db.record({ ...vote(9, 9), kind: 'proposal' })).toBe('repeated');
    expect(refusalOf(() => db.record({ ...vote(9, 1), kind: 'proposal' }))).toBe('double-sign');
    expect(db.record({ ...vote(12, 1), kind: 'proposal' })).toBe('new');
    // The proposal at 12 moves that kind's floor to 9: two more go, the votes' stay.
    expect(db.prune(3)).toBe(2);
    expect(refusalOf(() => db.record({ ...vote(9, 9), kind: 'proposal' }))).toBe('below-watermark');
    expect(db.record(vote(10, 10))).toBe('repeated');
    db.close();
  });
});
