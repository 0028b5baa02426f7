import { Logger as NestLogger } from '@nestjs/common';
import { ClientTCP } from '@nestjs/microservices';
import { silentLogger, type Logger } from '@hotshot/telemetry';
import { hexToBytes, type Hex } from 'viem';
import { firstValueFrom, timeout } from 'rxjs';
import type { SignedDigest, Signer } from '../signer';
import { SignerUnavailableError, SigningRefusedError } from '../signer-errors';
import type { SigningRequest } from '../signing-request';
import { authenticateRequest } from './request-auth';
import {
  SIGNER_MAX_MESSAGE_CHARS,
  SignerPattern,
  publicKeysReplySchema,
  requestToWire,
  signMessageBody,
  signReplySchema,
  type PublicKeysMessage,
  type SignMessage,
} from './signer-wire';

/** Where a `sequencer-signer` listens and the secret its clients share with it. */
export interface RemoteSignerOptions {
  readonly host: string;
  readonly port: number;
  readonly secret: Uint8Array;
  /** How long one request may take before SignerUnavailableError; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Where the transport's own errors go (at debug: each also reaches the caller as SignerUnavailableError). */
  readonly log?: Logger;
}

/** Nest's TCP client with its console logger replaced: a node's stdout carries its own JSON log lines only. */
class SignerClientTcp extends ClientTCP {
  protected override readonly logger: NestLogger;
  constructor(options: RemoteSignerOptions) {
    super({ host: options.host, port: options.port, maxBufferSize: SIGNER_MAX_MESSAGE_CHARS });
    this.logger = new TransportLogger(options.log ?? silentLogger);
  }
}

/** Forwards what Nest's client would print to the node's logger. */
class TransportLogger extends NestLogger {
  constructor(private readonly sink: Logger) {
    super('RemoteSigner');
  }
  override error(message: unknown): void {
    this.sink.debug('signer transport error', { error: String(message) });
  }
  override warn(message: unknown): void {
    this.sink.debug('signer transport warning', { warning: String(message) });
  }
  override log(): void {}
}

/**
 * A client of `sequencer-signer` over @nestjs/microservices' TCP transport: each message carries an HMAC under the
 * shared secret, and the answer is checked against its schema. Refusals come back as SigningRefusedError with the
 * signer's code; no answer (down, unreachable, too slow, malformed) is SignerUnavailableError, which may be retried:
 * the signer answers a repeated request with the same signature and records nothing twice.
 */
export class RemoteSigner implements Signer {
  private readonly client: ClientTCP;
  private readonly timeoutMs: number;

  constructor(private readonly options: RemoteSignerOptions) {
    this.client = new SignerClientTcp(options);
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async publicKeys(): Promise<readonly Hex[]> {
    const message: PublicKeysMessage = {
      auth: authenticateRequest(this.options.secret, SignerPattern.publicKeys, ''),
    };
    const reply = publicKeysReplySchema.check(await this.send(SignerPattern.publicKeys, message));
    if (!reply.ok) throw this.malformed(reply.message);
    if (!reply.value.ok) throw new SigningRefusedError(reply.value.code, reply.value.message);
    return reply.value.publicKeys as Hex[];
  }

  async sign(publicKey: Hex, request: SigningRequest): Promise<SignedDigest> {
    const wire = requestToWire(request);
    const message: SignMessage = {
      publicKey,
      request: wire,
      auth: authenticateRequest(this.options.secret, SignerPattern.sign, signMessageBody(publicKey, wire)),
    };
    const reply = signReplySchema.check(await this.send(SignerPattern.sign, message));
    if (!reply.ok) throw this.malformed(reply.message);
    if (!reply.value.ok) {
      throw new SigningRefusedError(reply.value.code, reply.value.message, { kind: request.kind, remote: true });
    }
    return { signature: hexToBytes(reply.value.signature as Hex), repeated: reply.value.repeated };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async send(pattern: string, message: unknown): Promise<unknown> {
    try {
      return await firstValueFrom(this.client.send<unknown>(pattern, message).pipe(timeout(this.timeoutMs)));
    } catch (cause) {
      throw new SignerUnavailableError(
        'the remote signer did not answer',
        { host: this.options.host, port: this.options.port, pattern },
        cause,
      );
    }
  }

  private malformed(issue: string): SignerUnavailableError {
    return new SignerUnavailableError('the remote signer answered something that is not a reply', { issue });
  }
}
