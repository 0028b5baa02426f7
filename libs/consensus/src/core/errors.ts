import { BaseError, type ErrorDetails } from '@hotshot/protocol';

/** The consensus context cannot work: an empty stake table, a bad index or timer. A setup bug, never a peer's. */
export class InvalidConsensusContextError extends BaseError {
  override name = 'InvalidConsensusContextError';
  constructor(reason: string, details: ErrorDetails = {}) {
    super(`invalid consensus context: ${reason}`, { details });
  }
}
