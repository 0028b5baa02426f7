import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
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
  options: { host: string; port: number; maxTxBytes: number; log: Logger },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    new FastifyAdapter({ bodyLimit: maxBodyBytes(options.maxTxBytes) }),
    { logger: false, abortOnError: false },
  );
  app.useGlobalFilters(new ApiExceptionFilter(options.log));
  // No enableShutdownHooks: Nest would re-send the signal after closing and kill the process before main.ts
  // stops consensus and storage. main.ts owns shutdown.
  setupOpenApi(app);
  await app.listen(options.port, options.host);
  return app;
}
