import type { CatchupService } from '../catchup/catchup-service';
import type { PayloadFetcher } from '../catchup/payload-fetcher';
import type { FinalityService } from '../finality/finality-service';
import type { SubmissionService } from '../mempool/submission-service';
import type { NodeMessage } from './node-message';

/** The node parts that answer peers' non-consensus messages, and how to reply. */
export interface NodeMessageRoutes {
  /** Sends a reply to one peer. */
  readonly send: (to: number, message: NodeMessage) => void;
  readonly submission: Pick<SubmissionService, 'acceptForwarded'>;
  readonly catchup: Pick<CatchupService, 'serve' | 'onResponse'>;
  readonly payloads: Pick<PayloadFetcher, 'serve' | 'onResponse'>;
  readonly finality: Pick<FinalityService, 'onSignature'>;
}

/**
 * Routes each decoded node message that is not consensus to the part that owns it: forwarded transactions to
 * submission, leaf and payload requests and answers to catch-up, finality signatures to the finality service.
 */
export class NodeMessageRouter {
  constructor(private readonly routes: NodeMessageRoutes) {}

  /** Handles one message from peer `from`; resolves once it is handled (and any reply is sent). */
  async route(from: number, message: Exclude<NodeMessage, { kind: 'consensus' }>): Promise<void> {
    const { send, submission, catchup, payloads, finality } = this.routes;
    switch (message.kind) {
      case 'transactions':
        return submission.acceptForwarded(from, message.transactions);
      case 'leaves-request':
        return send(from, await catchup.serve(from, message));
      case 'leaves-response':
        return catchup.onResponse(from, message.requestId, message.leaves, message.decideProof);
      case 'payload-request':
        return send(from, await payloads.serve(message.requestId, message.height));
      case 'payload-response':
        return payloads.onResponse(from, message.height, message.payload);
      case 'finality-signature':
        return finality.onSignature(from, message.height, message.headerCommitment, message.signature);
    }
  }
}
