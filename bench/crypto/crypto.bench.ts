/**
 * `npm run bench:crypto`: BLS and commitment costs on this machine, one JSON line per figure (median of the timed
 * runs, after warm-up runs), BLS on each backend (blst, then noble; `backend` in every line). Targets of issue 16:
 * verifying a 100-signer certificate within 5 ms and signing within 2 ms, on blst. Signatures the bench verifies "cold" are made with noble directly, so the library's
 * hashed-digest cache has not seen their digests; "warm" figures are what a node pays for a certificate over a
 * digest it signed itself.
 */
import {
  StakeTableKeys,
  aggregatePublicKeys,
  aggregateSignatures,
  assembleCertificate,
  assembleMultiDigestCertificate,
  demoKeyPair,
  signDigest,
  signersToBitmap,
  verifyCertificate,
  verifyDigest,
  verifyMultiDigestCertificate,
  BLS_DST,
  selectBlsBackend,
  type BlsBackendName,
  type BlsKeyPair,
} from '@hotshot/crypto';
import {
  buildBlockPayload,
  checkBlockPayload,
  keccakBytes,
  loadFastKeccak,
  quorumThreshold,
  timeoutVoteDigest,
  type Bytes32,
  type Transaction,
} from '@hotshot/protocol';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { hexToBytes, keccak256, numberToBytes } from 'viem';

const bls = bls12_381.longSignatures;
const Fr = bls12_381.fields.Fr;

let backendName: BlsBackendName | undefined;

function emit(figure: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(backendName ? { backend: backendName, ...figure } : figure)}\n`);
}

/** Median milliseconds of `runs` timed calls after `warmup` untimed ones; `prepare` runs outside the timing. */
function measure<T>(runs: number, warmup: number, prepare: (i: number) => T, run: (input: T) => void): number {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const input = prepare(i);
    const start = performance.now();
    run(input);
    if (i >= warmup) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return round(times[times.length >> 1]);
}

const round = (ms: number) => Math.round(ms * 100) / 100;
let digestCounter = 0;
/** A digest nobody has hashed yet in this process. */
const freshDigest = (): Bytes32 => keccak256(numberToBytes(++digestCounter, { size: 32 }));

/** (sum of secret keys)·H(m): the aggregate of their signatures, made without touching the library's cache. */
function aggregateSignatureOf(keyPairs: readonly BlsKeyPair[], digest: Bytes32): Uint8Array {
  const sum = keyPairs.reduce((acc, k) => Fr.add(acc, Fr.fromBytes(k.secretKey)), Fr.ZERO);
  return bls.sign(bls.hash(hexToBytes(digest), BLS_DST), Fr.toBytes(sum)).toBytes(true);
}

function blsFigures(): void {
  const keyPairs = Array.from({ length: 100 }, (_, i) => demoKeyPair('bench', i));
  const table = keyPairs.map((k) => ({ publicKey: k.publicKey, stake: 1n }));
  const key = keyPairs[0];

  emit({ op: 'sign', ms: measure(15, 3, freshDigest, (digest) => signDigest(key.secretKey, digest)) });
  emit({
    op: 'verify',
    digestHashCached: false,
    ms: measure(
      15,
      3,
      () => {
        const digest = freshDigest();
        return { digest, signature: aggregateSignatureOf([key], digest) };
      },
      ({ digest, signature }) => verifyDigest(key.publicKey, digest, signature),
    ),
  });
  const signedDigest = freshDigest();
  const signature = signDigest(key.secretKey, signedDigest);
  emit({
    op: 'verify',
    digestHashCached: true,
    ms: measure(
      15,
      3,
      () => 0,
      () => verifyDigest(key.publicKey, signedDigest, signature),
    ),
  });

  const digest = freshDigest();
  const signatures = keyPairs.map((k) => signDigest(k.secretKey, digest));
  for (const n of [10, 100]) {
    const publicKeys = table.slice(0, n).map((e) => e.publicKey);
    emit({
      op: 'aggregatePublicKeys',
      keys: n,
      from: 'bytes',
      ms: measure(
        5,
        1,
        () => 0,
        () => aggregatePublicKeys(publicKeys),
      ),
    });
    const keys = new StakeTableKeys(table.slice(0, n));
    const indices = [...Array(n).keys()];
    emit({
      op: 'aggregatePublicKeys',
      keys: n,
      from: 'StakeTableKeys',
      ms: measure(
        20,
        3,
        () => 0,
        () => keys.aggregate(indices),
      ),
    });
    const sigs = signatures.slice(0, n);
    emit({
      op: 'aggregateSignatures',
      signatures: n,
      ms: measure(
        5,
        1,
        () => 0,
        () => aggregateSignatures(sigs),
      ),
    });
  }

  const keys100 = new StakeTableKeys(table);
  for (const n of [10, 100]) {
    const keys = n === 100 ? keys100 : new StakeTableKeys(table.slice(0, n));
    const threshold = quorumThreshold(keys.totalStake);
    const votes = signatures.slice(0, n).map((signature, signer) => ({ signer, signature }));
    emit({
      op: 'assembleCertificate',
      signers: n,
      badSignatures: 0,
      ms: measure(
        5,
        1,
        () => 0,
        () => assembleCertificate(keys, digest, votes, threshold),
      ),
    });
    const withBad = votes.map((vote, i) => (i === n >> 1 ? { ...vote, signature: signatures[(i + 1) % n] } : vote));
    emit({
      op: 'assembleCertificate',
      signers: n,
      badSignatures: 1,
      ms: measure(
        3,
        1,
        () => 0,
        () => assembleCertificate(keys, digest, withBad, threshold),
      ),
    });

    const signers = [...Array(n).keys()];
    const bitmap = signersToBitmap(signers, n);
    const cert = { signers: bitmap, signature: aggregateSignatures(signatures.slice(0, n)) };
    emit({
      op: 'verifyCertificate',
      signers: n,
      digestHashCached: true,
      ms: measure(
        15,
        3,
        () => 0,
        () => verifyCertificate(keys, digest, cert, threshold),
      ),
    });
    emit({
      op: 'verifyCertificate',
      signers: n,
      digestHashCached: false,
      ms: measure(
        15,
        3,
        () => {
          const fresh = freshDigest();
          return { fresh, cert: { signers: bitmap, signature: aggregateSignatureOf(keyPairs.slice(0, n), fresh) } };
        },
        ({ fresh, cert }) => verifyCertificate(keys, fresh, cert, threshold),
      ),
    });
  }

  // A timeout certificate whose 100 signers hold QCs of two different views: two digests, one pairing product.
  const view = 1000 + digestCounter;
  const highQcView = (signer: number) => (signer % 2 === 0 ? view - 1 : view - 2);
  const timeoutDigest = (signer: number) => timeoutVoteDigest(35353n, view, highQcView(signer));
  const timeoutCert = {
    signers: signersToBitmap([...Array(100).keys()], 100),
    signature: aggregateSignatures([
      aggregateSignatureOf(
        keyPairs.filter((_, i) => i % 2 === 0),
        timeoutDigest(0),
      ),
      aggregateSignatureOf(
        keyPairs.filter((_, i) => i % 2 === 1),
        timeoutDigest(1),
      ),
    ]),
  };
  emit({
    op: 'verifyMultiDigestCertificate',
    signers: 100,
    digests: 2,
    digestHashCached: true,
    ms: measure(
      9,
      2,
      () => 0,
      () => verifyMultiDigestCertificate(keys100, timeoutDigest, timeoutCert, quorumThreshold(100n)),
    ),
  });

  const timeoutVotes = keyPairs.map((k, signer) => ({
    signer,
    digest: timeoutDigest(signer),
    signature: signDigest(k.secretKey, timeoutDigest(signer)),
  }));
  emit({
    op: 'assembleMultiDigestCertificate',
    signers: 100,
    digests: 2,
    badSignatures: 0,
    ms: measure(
      5,
      1,
      () => 0,
      () => assembleMultiDigestCertificate(keys100, timeoutVotes, quorumThreshold(100n)),
    ),
  });
}

function hashingThroughput(): void {
  const bounds = { maxTxBytes: 1 << 20, maxBlockBytes: 8 << 20, maxBlockTxs: 100_000 };
  const txs: Transaction[] = Array.from({ length: 1024 }, (_, i) => ({
    namespace: i % 16,
    payload: Uint8Array.from({ length: 4096 }, (_, j) => (i * 31 + j) & 0xff),
  }));
  const payload = buildBlockPayload(txs, bounds);
  const bytes = payload.namespacePayloads.reduce((sum, p) => sum + p.length, 0);
  const mb = bytes / (1 << 20);
  // Commitment hashing as a node pays it for a received block: every namespace payload hashed, the table hashed. A
  // received block is an object this process did not build, so the builder's cached answer must not be the one timed.
  const received = { ...payload };
  const checkMs = measure(
    5,
    1,
    () => 0,
    () => checkBlockPayload(received, bounds),
  );
  emit({
    op: 'commitmentHashing',
    via: 'checkBlockPayload',
    mb: round(mb),
    txs: txs.length,
    ms: checkMs,
    mbPerSecond: round((mb / checkMs) * 1000),
  });
  const buildMs = measure(
    5,
    1,
    () => 0,
    () => buildBlockPayload(txs, bounds),
  );
  emit({
    op: 'commitmentHashing',
    via: 'buildBlockPayload',
    mb: round(mb),
    txs: txs.length,
    ms: buildMs,
    mbPerSecond: round((mb / buildMs) * 1000),
  });
  const blob = new Uint8Array(bytes);
  const nobleMs = measure(
    5,
    1,
    () => 0,
    () => keccak_256(blob),
  );
  emit({
    op: 'keccak256',
    via: '@noble/hashes 2',
    mb: round(mb),
    ms: nobleMs,
    mbPerSecond: round((mb / nobleMs) * 1000),
  });
  const viemMs = measure(
    3,
    1,
    () => 0,
    () => keccak256(blob),
  );
  emit({ op: 'keccak256', via: 'viem', mb: round(mb), ms: viemMs, mbPerSecond: round((mb / viemMs) * 1000) });
  const wasmMs = measure(
    5,
    1,
    () => 0,
    () => keccakBytes(blob),
  );
  emit({
    op: 'keccak256',
    via: 'hash-wasm (keccakBytes)',
    mb: round(mb),
    ms: wasmMs,
    mbPerSecond: round((mb / wasmMs) * 1000),
  });
}

async function main(): Promise<void> {
  if (!(await loadFastKeccak())) emit({ note: 'WebAssembly keccak did not load; keccakBytes runs on noble' });
  for (const name of ['blst', 'noble'] as const) {
    selectBlsBackend(name);
    backendName = name;
    blsFigures();
  }
  backendName = undefined;
  hashingThroughput();
}

void main();
