import type { FastifyInstance } from 'fastify';
import { BadRequestError } from './api-errors';
import { isStreamPath } from './stream/stream-request';

/** Whether a route (its pattern) takes no query parameters: every API route but the streams'. */
function takesNoQuery(route: string): boolean {
  return (route.startsWith('/v0/') && !isStreamPath(route)) || route === '/healthz';
}

/**
 * Answers 400, naming the parameter, to a query parameter on an API route that takes none (all but the streams,
 * which check their own), so a client's typo or a filter this node does not have is refused, not ignored.
 */
export function refuseQueryParameters(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    const query = request.url.indexOf('?');
    if (query < 0 || route === undefined || !takesNoQuery(route)) return;
    const [field] = new URLSearchParams(request.url.slice(query + 1)).keys();
    if (field === undefined) return;
    throw new BadRequestError(`unknown query parameter ${JSON.stringify(field)}; this route takes none`, { field });
  });
}
