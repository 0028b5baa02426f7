import { publicKeyToHex, signDigest, type BlsKeyPair } from '@hotshot/crypto';
import {
  SignerUnavailableError,
  SigningRefusedError,
  signingRequest,
  type Signer,
  type SigningKind,
  type SigningRequestFields,
} from '@hotshot/signer';
import type { Logger } from '@hotshot/telemetry';
import type { Hex } from 'viem';
import type { NodeMetrics } from '../metrics/node-metrics';

/** Where this node's signatures come from: its own key in this process, or a `sequencer-signer`. */
export type SignatureSource =
  | { readonly kind: 'local'; readonly keyPair: BlsKeyPair }
  | { readonly kind: 'remote'; readonly publicKey: Uint8Array; readonly signer: Signer };

/** Signatures remembered by digest, so a timeout sent and counted by this node costs one request, not two. */
const REMEMBERED_SIGNATURES = 64;

/**
 * The one place the node's shell gets signatures (finality, CDN auth, and consensus messages when the core defers
 * its signing): it counts each by kind, and turns a refusal or an unreachable signer into a log line, a metric and
 * `undefined`, so the caller drops that one message and the node goes on (the view times out; later views try
 * again). With a local key there is no separate double-sign record: the node's safety store is that record, as it
 * was before remote signing.
 */
export class NodeSigning {
  readonly publicKey: Uint8Array;
  private readonly publicKeyHex: Hex;
  private readonly remembered = new Map<Hex, Uint8Array>();

  constructor(
    private readonly source: SignatureSource,
    private readonly metrics: NodeMetrics,
    private readonly log: Logger,
  ) {
    this.publicKey = source.kind === 'local' ? source.keyPair.publicKey : source.publicKey;
    this.publicKeyHex = publicKeyToHex(this.publicKey);
  }

  /** Whether the key is in this process (the core may then sign in step) or behind a remote signer. */
  get remote(): boolean {
    return this.source.kind === 'remote';
  }

  /** This node's signature for `fields`, or undefined when the signer refused or did not answer (logged, counted). */
  async sign(fields: SigningRequestFields): Promise<Uint8Array | undefined> {
    const request = signingRequest(fields, this.publicKeyHex);
    const known = this.remembered.get(request.digest);
    if (known) return known;
    const end = this.metrics.signingSeconds.startTimer({ kind: fields.kind });
    try {
      const signature =
        this.source.kind === 'local'
          ? signDigest(this.source.keyPair.secretKey, request.digest)
          : (await this.source.signer.sign(this.publicKeyHex, request)).signature;
      end();
      this.metrics.signatures.inc({ kind: fields.kind });
      this.remember(request.digest, signature);
      return signature;
    } catch (error) {
      this.refused(fields.kind, fields, error);
      return undefined;
    }
  }

  /** Closes the connection to a remote signer. */
  async close(): Promise<void> {
    if (this.source.kind === 'remote') await this.source.signer.close();
  }

  private remember(digest: Hex, signature: Uint8Array): void {
    this.remembered.set(digest, signature);
    if (this.remembered.size > REMEMBERED_SIGNATURES) this.remembered.delete(this.remembered.keys().next().value!);
  }

  private refused(kind: SigningKind, fields: SigningRequestFields, error: unknown): void {
    const position = 'view' in fields ? fields.view : 'height' in fields ? fields.height : undefined;
    if (error instanceof SigningRefusedError) {
      this.metrics.signingRefusals.inc({ kind, reason: error.code });
      // A refusal is the signer keeping this key safe (or a setup to fix): the message is not sent.
      this.log.warn('signer refused; message dropped', { kind, position, reason: error.code, error });
    } else if (error instanceof SignerUnavailableError) {
      this.metrics.signingRefusals.inc({ kind, reason: 'unavailable' });
      this.log.warn('signer unavailable; message dropped', { kind, position, reason: 'unavailable', error });
    } else {
      this.metrics.signingRefusals.inc({ kind, reason: 'failed' });
      this.log.error('signing failed; message dropped', { kind, position, reason: 'failed', error });
    }
  }
}
