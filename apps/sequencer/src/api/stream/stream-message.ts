import type { DecidedBlock } from '@hotshot/storage';
import { blockJson, headerJson, leafJson, namespaceJson } from '../api-json';
import type { StreamRequest } from './stream-request';

/**
 * The JSON text of one stream message: for `blocks` a BlockDto (or, with `namespace`, a NamespaceProofDto),
 * for `headers` a HeaderDto, for `leaves` a LeafDto; each carries `height`.
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
  }
}
