import type { ConsensusMessage, SignRequest } from '@hotshot/consensus';
import type { SigningRequestFields } from '@hotshot/signer';
import type { NodeSigning } from '../signing/node-signing';

/**
 * The signer's request for the core's: the same kind and fields, with the chain id. The signer recomputes the
 * digest from them and refuses one that differs, so the core's digest is checked, not trusted.
 */
export function signingFieldsFor(chainId: bigint, request: SignRequest): SigningRequestFields {
  switch (request.kind) {
    case 'quorum-vote':
    case 'da-vote':
    case 'proposal':
    case 'da-proposal':
      return { kind: request.kind, chainId, view: request.view, commitment: request.commitment };
    case 'timeout-vote':
      return { kind: request.kind, chainId, view: request.view, highQcView: request.highQcView };
    case 'certificate':
      return {
        kind: request.kind,
        chainId,
        highQcView: request.highQcView,
        commitment: request.commitment,
        timeoutView: request.timeoutView,
      };
  }
}

/**
 * `message`, built unsigned by a core that defers its signing, with this node's signature for `request`; undefined
 * when the signer refused or did not answer (NodeSigning has logged and counted it), and the message is dropped.
 */
export async function signMessage<M extends ConsensusMessage>(
  signing: NodeSigning,
  chainId: bigint,
  message: M,
  request: SignRequest,
): Promise<M | undefined> {
  const signature = await signing.sign(signingFieldsFor(chainId, request));
  return signature && { ...message, signature };
}
