import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@hotshot/telemetry';
import { ApiExceptionFilter } from './api-exception.filter';
import { setupOpenApi } from './openapi';

/** Largest request body the API reads, in bytes: a transaction plus base64 overhead and JSON framing. */
export function maxBodyBytes(maxTxBytes: number): number {
  return Math.ceil((maxTxBytes * 4) / 3) + 1024;
}

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
    maxTxBytes: number;
    log: Logger;
    /** Called once per answered request (metrics): the route pattern, not the raw path, so labels stay few. */
    onAnswered?: (route: string, status: number) => void;
  },
): Promise<NestFastifyApplication> {
  const onAnswered = options.onAnswered;
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    new FastifyAdapter({
      bodyLimit: maxBodyBytes(options.maxTxBytes),
      // A path that does not URL-decode is refused before routing, where no hook runs: answer and count it here.
      frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
        onAnswered?.('malformed', 400);
        void reply.code(400).send({ error: 'BadRequest', message: error.message });
      },
    }),
    { logger: false, abortOnError: false },
  );
  app.useGlobalFilters(new ApiExceptionFilter(options.log));
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
