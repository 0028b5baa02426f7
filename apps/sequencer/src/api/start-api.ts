import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@hotshot/telemetry';
import { ApiExceptionFilter } from './api-exception.filter';
import { setupOpenApi } from './openapi';
import { refuseQueryParameters } from './query-guard';
import { OTHER_ROUTES_BODY_LIMIT, limitSubmitBodies } from './submit-body-limit';

/**
 * Creates the Fastify-backed Nest application for `rootModule` (which imports ApiModule and provides its ports),
 * serves the OpenAPI document at /docs, and listens on `host:port`. The WebSocket streams attach to the same
 * server when the application boots.
 */
export async function startApi(
  rootModule: Parameters<typeof NestFactory.create>[0],
  options: {
    host: string;
    port: number;
    /**
     * The network's largest transaction, in bytes, which bounds submitted bodies; undefined until the node knows
     * it (it arrives when the node joins), and until then submit answers 503 without reading the body.
     */
    maxTxBytes: number | (() => number | undefined);
    log: Logger;
    /** Called once per answered request (metrics): the route pattern, not the raw path, so labels stay few. */
    onAnswered?: (route: string, status: number) => void;
  },
): Promise<NestFastifyApplication> {
  const onAnswered = options.onAnswered;
  const maxTxBytes = options.maxTxBytes;
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    new FastifyAdapter({
      // Only submit takes a body; limitSubmitBodies gives it the network's bound.
      bodyLimit: OTHER_ROUTES_BODY_LIMIT,
      // A path that does not URL-decode is refused before routing, where no hook runs: answer and count it here.
      frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        onAnswered?.('malformed', 400);
        void reply.code(400).send({ error: 'BadRequest', message: error.message });
      },
    }),
    { logger: false, abortOnError: false },
  );
  app.useGlobalFilters(new ApiExceptionFilter(options.log));
  // Before listen: Nest registers the routes then, and the submit route's hooks attach as it is registered.
  limitSubmitBodies(app.getHttpAdapter().getInstance(), typeof maxTxBytes === 'number' ? () => maxTxBytes : maxTxBytes);
  refuseQueryParameters(app.getHttpAdapter().getInstance());
  // No enableShutdownHooks: Nest would re-send the signal after closing and kill the process before main.ts
  // stops consensus and storage. main.ts owns shutdown.
  setupOpenApi(app);
  if (onAnswered) {
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onResponse', (request, reply, done) => {
      onAnswered(request.routeOptions.url ?? 'unmatched', reply.statusCode);
      done();
    });
    // Requests too broken to parse never reach a hook; the server answers them 400 itself.
    app.getHttpServer().on('clientError', () => onAnswered('malformed', 400));
  }
  await app.listen(options.port, options.host);
  return app;
}
