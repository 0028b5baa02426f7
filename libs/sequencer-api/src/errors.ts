import { BaseError } from '@hotshot/protocol';

/** The sequencer API answered with an error status. */
export class SequencerApiError extends BaseError {
  override name = 'SequencerApiError';
  constructor(
    readonly status: number,
    path: string,
    body: { error?: unknown; message?: unknown } | undefined,
  ) {
    super(`the sequencer API answered ${status} to ${path}`, {
      details: { status, path, error: body?.error ?? null, message: body?.message ?? null },
    });
  }
}

/** The sequencer API could not be reached (connection refused, timeout). */
export class SequencerUnreachableError extends BaseError {
  override name = 'SequencerUnreachableError';
  constructor(url: string, cause: unknown) {
    super('the sequencer API did not answer', { details: { url }, cause });
  }
}

/** A sequencer API answer does not have the documented shape, or does not verify. */
export class MalformedApiResponseError extends BaseError {
  override name = 'MalformedApiResponseError';
  constructor(what: string, reason: string, cause?: unknown) {
    super(`malformed ${what} from the sequencer API: ${reason}`, { details: { what, reason }, cause });
  }
}
