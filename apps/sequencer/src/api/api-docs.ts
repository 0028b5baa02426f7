import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { TSchema } from '@sinclair/typebox';
import { ErrorSchema, openApiSchema } from '@hotshot/sequencer-api';

/** The OpenAPI form of one of @hotshot/sequencer-api's schemas, for swagger's decorators. */
export function docSchema(schema: TSchema): SchemaObject {
  return openApiSchema(schema) as SchemaObject;
}

/** Documents the 200 answer of a route with its schema from @hotshot/sequencer-api. */
export function ApiJsonOk(schema: TSchema): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ schema: docSchema(schema) });
}

const ERROR_MEANINGS: Record<number, string> = {
  400: 'a parameter is malformed; `details.field` names it',
  404: 'not decided yet, or not known to this node',
  410: 'pruned by this node; the message names the earliest available height',
  413: "the body is larger than the network's largest transaction allows; refused before it is read",
  426: 'a WebSocket endpoint called without an upgrade',
  429: 'this client (or namespace) holds its whole share; retry after `Retry-After` seconds',
  503: 'the node is not ready, or is full; retry after `Retry-After` seconds',
};

/** Documents the listed error statuses of an endpoint with the common error body (ErrorSchema). */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_MEANINGS[status], schema: docSchema(ErrorSchema) }),
    ),
  );
}
