import { BaseError } from '@hotshot/protocol';

/** The CDN URL is not `tcp://host:port`. */
export class InvalidCdnUrlError extends BaseError {
  override name = 'InvalidCdnUrlError';
  constructor(url: string, reason: string) {
    super(`invalid CDN URL: ${reason}`, { details: { url } });
  }
}

/** The client was stopped (its AbortSignal fired) before what was awaited happened. */
export class CdnClientStoppedError extends BaseError {
  override name = 'CdnClientStoppedError';
  constructor(waitingFor: string) {
    super(`the CDN client stopped while waiting for ${waitingFor}`);
  }
}

/** A direct message named a roster index the client cannot resolve to a key (no Welcome yet, or out of range). */
export class UnknownRecipientError extends BaseError {
  override name = 'UnknownRecipientError';
  constructor(index: number, rosterSize: number | undefined) {
    super(
      rosterSize === undefined
        ? 'cannot send to a node index before Welcome; pass the public key'
        : 'recipient index outside the stake table',
      { details: { index, rosterSize } },
    );
  }
}

/** A message would make a frame above the broker's limit, which would cost this node its connection. */
export class MessageTooLargeError extends BaseError {
  override name = 'MessageTooLargeError';
  constructor(frameBytes: number, maxFrameBytes: number) {
    super('message exceeds the broker frame limit', { details: { frameBytes, maxFrameBytes } });
  }
}

/** `start` was called twice. */
export class CdnClientAlreadyStartedError extends BaseError {
  override name = 'CdnClientAlreadyStartedError';
  constructor() {
    super('the CDN client was already started');
  }
}
