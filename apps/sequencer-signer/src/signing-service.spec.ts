import { demoKeyPair, publicKeyToHex, verifyDigest } from '@hotshot/crypto';
import {
  InProcessSigner,
  RequestAuthenticator,
  SignerPattern,
  SigningProtectionDb,
  authenticateRequest,
  signMessageBody,
  signingRequest,
} from '@hotshot/signer';
import { silentLogger } from '@hotshot/telemetry';
import { hexToBytes, type Hex } from 'viem';
import { SignerMetrics } from './signer-metrics';
import { SigningService } from './signing-service';

const secret = new TextEncoder().encode('k'.repeat(32));
const keyPair = demoKeyPair('signing-service', 0);
const publicKey = publicKeyToHex(keyPair.publicKey);

/** A sign message as a client makes it, its request's chain id as the wire's decimal string. */
function message(view: number, byte: number, key: Uint8Array = secret) {
  const request = signingRequest(
    { kind: 'da-vote', chainId: 4n, view, commitment: `0x${byte.toString(16).padStart(64, '0')}` },
    publicKey,
  );
  const wire = { ...request, chainId: request.chainId.toString() };
  return {
    publicKey,
    request: wire,
    auth: authenticateRequest(key, SignerPattern.sign, signMessageBody(publicKey, wire)),
  };
}

describe('SigningService', () => {
  const make = () => {
    const metrics = new SignerMetrics();
    const signer = new InProcessSigner({ keys: [keyPair], protection: SigningProtectionDb.open(':memory:', 4n) });
    return { metrics, service: new SigningService(signer, new RequestAuthenticator(secret), metrics, silentLogger) };
  };
  const refusals = async (metrics: SignerMetrics) =>
    Object.fromEntries((await metrics.refusals.get()).values.map((value) => [value.labels.reason, value.value]));

  it('signs an authenticated message and counts it by kind', async () => {
    const { metrics, service } = make();
    const sent = message(3, 1);
    const reply = service.sign(sent);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(verifyDigest(keyPair.publicKey, sent.request.digest as Hex, hexToBytes(reply.signature as Hex))).toBe(true);
    const signatures = (await metrics.signatures.get()).values;
    expect(signatures).toEqual([{ labels: { kind: 'da-vote', outcome: 'new' }, value: 1 }]);
  });

  it('answers every refusal with its code and counts it: malformed, wrong secret, replay, double sign', async () => {
    const { metrics, service } = make();
    expect(service.sign({ publicKey, request: { kind: 'da-vote' } })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(service.sign('not an object')).toMatchObject({ ok: false, code: 'bad-request' });
    expect(service.sign(message(3, 1, new TextEncoder().encode('w'.repeat(32))))).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
    const sent = message(3, 1);
    expect(service.sign(sent).ok).toBe(true);
    expect(service.sign(sent)).toMatchObject({ ok: false, code: 'replayed' });
    expect(service.sign(message(3, 2))).toMatchObject({ ok: false, code: 'double-sign' });
    expect(service.sign(message(2, 2))).toMatchObject({ ok: false, code: 'below-watermark' });
    expect(await service.publicKeys({ auth: authenticateRequest(secret, SignerPattern.sign, '') })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
    expect(await refusals(metrics)).toEqual({
      'bad-request': 2,
      unauthenticated: 2,
      replayed: 1,
      'double-sign': 1,
      'below-watermark': 1,
    });
  });
});
