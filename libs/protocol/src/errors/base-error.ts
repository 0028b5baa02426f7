/** Structured context attached to an error; rendered after the short message. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface BaseErrorOptions {
  /** Machine-readable context (the bound that was hit, the value that broke it). */
  readonly details?: ErrorDetails;
  /** The lower-level error that caused this one. */
  readonly cause?: unknown;
}

/**
 * The root of every error this project throws on purpose (after viem's BaseError):
 * a short human message, structured details, and a cause chain.
 */
export class BaseError extends Error {
  override name = 'BaseError';
  /** The message without details, for logs and API responses. */
  readonly shortMessage: string;
  readonly details: ErrorDetails;

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    super(
      renderMessage(shortMessage, options.details),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.details = options.details ?? {};
  }

  /** Walks the cause chain and returns the first error matching `predicate`, or this error. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this as unknown;
    while (current instanceof Error) {
      if (predicate?.(current)) return current;
      if (current.cause === undefined) return predicate ? undefined : current;
      current = current.cause;
    }
    return predicate ? undefined : current;
  }
}

function renderMessage(shortMessage: string, details: ErrorDetails | undefined): string {
  if (!details || Object.keys(details).length === 0) return shortMessage;
  const rendered = Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === 'bigint' ? value.toString() : JSON.stringify(value)}`)
    .join(' ');
  return `${shortMessage} (${rendered})`;
}
