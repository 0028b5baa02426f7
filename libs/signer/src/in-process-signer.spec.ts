import { demoKeyPair, publicKeyToHex, verifyDigest } from '@hotshot/crypto';
import type { Hex } from 'viem';
import { InProcessSigner } from './in-process-signer';
import { SigningProtectionDb } from './protection/signing-protection-db';
import { SigningRefusedError } from './signer-errors';
import { signingRequest, type SigningRequest } from './signing-request';

const keyPair = demoKeyPair('signer-spec', 0);
const publicKey = publicKeyToHex(keyPair.publicKey);
const commitment = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex;
const quorumVote = (view: number, byte: number) =>
  signingRequest({ kind: 'quorum-vote', chainId: 9n, view, commitment: commitment(byte) }, publicKey);

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SigningRefusedError);
  return (error as SigningRefusedError).code;
}

describe('InProcessSigner', () => {
  const make = () => new InProcessSigner({ keys: [keyPair], protection: SigningProtectionDb.open(':memory:', 9n) });

  it('signs every kind with a signature that verifies over the protocol digest', async () => {
    const signer = make();
    const requests: SigningRequest[] = [
      signingRequest({ kind: 'quorum-vote', chainId: 9n, view: 3, commitment: commitment(1) }, publicKey),
      signingRequest({ kind: 'timeout-vote', chainId: 9n, view: 3, highQcView: 2 }, publicKey),
      signingRequest({ kind: 'da-vote', chainId: 9n, view: 3, commitment: commitment(2) }, publicKey),
      signingRequest({ kind: 'proposal', chainId: 9n, view: 3, commitment: commitment(3) }, publicKey),
      signingRequest({ kind: 'da-proposal', chainId: 9n, view: 3, commitment: commitment(5) }, publicKey),
      signingRequest(
        { kind: 'certificate', chainId: 9n, highQcView: 2, commitment: commitment(6), timeoutView: 3 },
        publicKey,
      ),
      signingRequest({ kind: 'finality', chainId: 9n, height: 1, commitment: commitment(4) }, publicKey),
      signingRequest({ kind: 'cdn-auth', chainId: 9n, timestampMs: 1_700_000_000_000 }, publicKey),
    ];
    expect(new Set(requests.map((request) => request.digest)).size).toBe(requests.length);
    for (const request of requests) {
      const signed = await signer.sign(publicKey, request);
      expect(signed.repeated).toBe(false);
      expect(verifyDigest(keyPair.publicKey, request.digest, signed.signature)).toBe(true);
    }
    expect(await signer.publicKeys()).toEqual([publicKey]);
    await signer.close();
  });

  it('answers a repeated request with the same signature and refuses a double sign and an older vote', async () => {
    const signer = make();
    const first = quorumVote(8, 1);
    const signed = await signer.sign(publicKey, first);
    const again = await signer.sign(publicKey, first);
    expect(again.repeated).toBe(true);
    expect(again.signature).toEqual(signed.signature);
    const conflicting = quorumVote(8, 2);
    expect(await refusal(signer.sign(publicKey, conflicting))).toBe('double-sign');
    const older = quorumVote(7, 2);
    expect(await refusal(signer.sign(publicKey, older))).toBe('below-watermark');
    await signer.close();
  });

  it('refuses another chain, an unknown key, and a digest that its fields do not make (another kind relabelled)', async () => {
    const signer = make();
    const vote = { kind: 'quorum-vote' as const, chainId: 9n, view: 8, commitment: commitment(1) };
    const request = signingRequest(vote, publicKey);
    expect(await refusal(signer.sign(publicKey, { ...request, chainId: 10n }))).toBe('chain-mismatch');
    const stranger = publicKeyToHex(demoKeyPair('signer-spec', 1).publicKey);
    expect(await refusal(signer.sign(stranger, request))).toBe('unknown-key');
    // A vote's digest sent as a proposal would escape the vote rules: the signer recomputes and refuses it.
    const relabelled: SigningRequest = { ...vote, kind: 'proposal', digest: request.digest };
    expect(await refusal(signer.sign(publicKey, relabelled))).toBe('digest-mismatch');
    // CDN auth is never recorded: a node signs one at every connection.
    const auth = signingRequest({ kind: 'cdn-auth', chainId: 9n, timestampMs: 5 }, publicKey);
    expect((await signer.sign(publicKey, auth)).repeated).toBe(false);
    expect((await signer.sign(publicKey, auth)).repeated).toBe(false);
    await signer.close();
  });

  it('holds a DA proposal to one digest per view, and records no certificate forward', async () => {
    const signer = make();
    const daProposal = (byte: number) =>
      signingRequest({ kind: 'da-proposal', chainId: 9n, view: 4, commitment: commitment(byte) }, publicKey);
    await signer.sign(publicKey, daProposal(1));
    expect(await refusal(signer.sign(publicKey, daProposal(2)))).toBe('double-sign');
    // A node forwards different certificates in one view (a newer TC): each is signed, none recorded.
    for (const timeoutView of [0, 4, 5]) {
      const forward = signingRequest(
        { kind: 'certificate', chainId: 9n, highQcView: 3, commitment: commitment(1), timeoutView },
        publicKey,
      );
      expect((await signer.sign(publicKey, forward)).repeated).toBe(false);
    }
    await signer.close();
  });
});
