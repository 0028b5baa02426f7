import { bytesToHex, type Hex } from 'viem';
import {
  InProcessSigner,
  RequestAuthenticator,
  SignerPattern,
  SigningRefusedError,
  publicKeysMessageSchema,
  requestFromWire,
  signMessageBody,
  signMessageSchema,
  type PublicKeysReply,
  type SignReply,
  type SigningRefusal,
} from '@hotshot/signer';
import type { Logger } from '@hotshot/telemetry';
import type { SignerMetrics } from './signer-metrics';

/**
 * What the signer does with one message, apart from the transport: decode it against its schema, check the client's
 * MAC, sign through the in-process signer (chain, key, digest, double-sign record), and turn every refusal into a
 * reply with its code, a log line and a count. The one place errors become answers.
 */
export class SigningService {
  constructor(
    private readonly signer: InProcessSigner,
    private readonly authenticator: RequestAuthenticator,
    private readonly metrics: SignerMetrics,
    private readonly log: Logger,
  ) {}

  sign(message: unknown): SignReply {
    const started = process.hrtime.bigint();
    const decoded = signMessageSchema.check(message);
    if (!decoded.ok) return this.refuse('bad-request', decoded.message);
    const { publicKey, request: wire, auth } = decoded.value;
    const authRefusal = this.authenticator.check(SignerPattern.sign, signMessageBody(publicKey, wire), auth);
    if (authRefusal) return this.refuse(authRefusal, 'the request is not from a configured client');
    try {
      const signed = this.signer.signNow(publicKey as Hex, requestFromWire(wire));
      this.metrics.signatures.inc({ kind: wire.kind, outcome: signed.repeated ? 'repeated' : 'new' });
      this.metrics.signSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      return { ok: true, signature: bytesToHex(signed.signature), repeated: signed.repeated };
    } catch (error) {
      if (error instanceof SigningRefusedError) return this.refuse(error.code, error.shortMessage, error.details);
      // A failing disk or a bug: nothing is signed; the client sees no answer and may retry.
      this.log.error('signing failed', { kind: wire.kind, error: String(error) });
      throw error;
    }
  }

  async publicKeys(message: unknown): Promise<PublicKeysReply> {
    const decoded = publicKeysMessageSchema.check(message);
    if (!decoded.ok) return this.refuse('bad-request', decoded.message);
    const authRefusal = this.authenticator.check(SignerPattern.publicKeys, '', decoded.value.auth);
    if (authRefusal) return this.refuse(authRefusal, 'the request is not from a configured client');
    return { ok: true, publicKeys: [...(await this.signer.publicKeys())] };
  }

  private refuse(code: SigningRefusal, message: string, details: Record<string, unknown> = {}) {
    this.metrics.refusals.inc({ reason: code });
    this.log.warn('request refused', { code, reason: message, ...details });
    return { ok: false as const, code, message };
  }
}
