import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Where the OpenAPI UI is served; the document itself is at `${DOCS_PATH}/json`. */
export const DOCS_PATH = 'docs';

/** Generates the OpenAPI document from the controllers and serves it at `/docs` (UI) and `/docs/json`. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Sequencer node API')
    .setDescription(
      'Decided blocks, headers, leaves, namespaces and transactions of the sequenced chain, shaped after ' +
        "Espresso's API; WebSocket streams from a height; finality certificates for the L1 light client; the " +
        'network config. Errors are `{ error, message, details }`; 410 means the node pruned the height. ' +
        'A live dashboard over this API is at [/dashboard](/dashboard).',
    )
    .setVersion('0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    // Relative: the document describes whichever node serves it.
    .addServer('/', 'this node')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Every route is public: the node authenticates no client (it bounds them instead: body limits, mempool
  // shares, stream limits). An empty requirement says so, where leaving it out would say nothing.
  document.security = [];
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}/json`,
    raw: ['json'],
    // The page is DocsController's (see there why).
    ui: false,
  });
}
