import type { DecidedBlock } from '@hotshot/storage';
import { blockJson, headerJson, leafJson, namespaceJson, transactionsAtHeightJson } from '@hotshot/sequencer-api';
import type { StreamRequest } from './stream-request';

/**
 * The JSON text of one stream message: for `blocks` a BlockJson (or, with `namespace`, a NamespaceProofJson),
 * for `headers` a HeaderJson, for `leaves` a LeafJson, for `transactions` a TransactionsAtHeightJson (of one namespace
 * with `namespace`); each carries `height`.
 */
export function streamMessage(request: StreamRequest, block: DecidedBlock): string {
  switch (request.kind) {
    case 'blocks':
      return JSON.stringify(
        request.namespace === undefined ? blockJson(block) : namespaceJson(block, request.namespace),
      );
    case 'headers':
      return JSON.stringify(headerJson(block.leaf.header));
    case 'leaves':
      return JSON.stringify(leafJson(block));
    case 'transactions':
      return JSON.stringify(transactionsAtHeightJson(block, request.namespace));
  }
}
