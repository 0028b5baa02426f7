import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The body of every error response. */
export class ErrorDto {
  @ApiProperty({ type: 'string', example: 'BadRequestError' })
  error!: string;
  @ApiProperty({ type: 'string', example: 'height must be a non-negative integer' })
  message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { field: 'height', value: 'abc' } })
  details?: Record<string, unknown>;
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

/** Documents the listed error statuses of an endpoint with the common error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_MEANINGS[status], type: ErrorDto })),
  );
}

/** `/v0/status/time-since-last-decide`. */
export class TimeSinceLastDecideDto {
  @ApiProperty({ type: 'number', nullable: true, description: 'seconds; null before the first decide' })
  seconds!: number | null;
}

/** `/healthz`. */
export class HealthDto {
  @ApiProperty({ type: 'string', enum: ['ok', 'starting'] })
  status!: 'ok' | 'starting';
}

/** `/v0/status/earliest-available-height`. */
export class EarliestHeightDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'lowest height this node serves; null when empty' })
  earliestHeight!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'highest decided height stored; null when empty' })
  latestHeight!: number | null;
}
