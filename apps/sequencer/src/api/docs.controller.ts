import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotFoundError } from './api-errors';

/** The Swagger UI files the page needs, with their content types; nothing else under /docs is served. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sequencer node API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/docs/json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/**
 * The Swagger UI page at `/docs` over the document at `/docs/json` (which SwaggerModule serves). The page and a
 * fixed list of swagger-ui-dist files are served from memory, rather than through SwaggerModule's UI, whose
 * @fastify/static pulls in an ESM-only package that Jest cannot load and whose loader exits the process when a
 * package fails to load.
 */
@ApiExcludeController()
@Controller('docs')
export class DocsController {
  private readonly assets = new Map<string, Buffer>();
  private assetDir?: string;

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Get('swagger-ui-init.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  init(): string {
    return INIT;
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res() reply: FastifyReply): void {
    const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (contentType === undefined) throw new NotFoundError('no such documentation file', { asset: name });
    let bytes = this.assets.get(name);
    if (!bytes) {
      bytes = readFileSync(path.join(this.swaggerUiDir(), name));
      this.assets.set(name, bytes);
    }
    void reply.header('content-type', contentType).header('cache-control', 'public, max-age=86400').send(bytes);
  }

  /** swagger-ui-dist, resolved from @nestjs/swagger (whose dependency it is). */
  private swaggerUiDir(): string {
    this.assetDir ??= path.dirname(
      createRequire(require.resolve('@nestjs/swagger')).resolve('swagger-ui-dist/package.json'),
    );
    return this.assetDir;
  }
}
