import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import {
  CountSchema,
  EarliestHeightSchema,
  HealthSchema,
  MempoolInfoSchema,
  TimeSinceLastDecideSchema,
  type EarliestHeightJson,
  type HealthJson,
  type MempoolInfoJson,
  type TimeSinceLastDecideJson,
} from '@hotshot/sequencer-api';
import { ApiErrors, ApiJsonOk } from './api-docs';
import { NotReadyError } from './api-errors';
import { METRICS_REGISTRY, NODE_STATUS, type NodeStatus } from './api-ports';
import { AvailabilityReader } from './availability-reader';
import { unhealthyReason } from './node-health';

/** `GET /v0/status/*` and `/healthz`. */
@ApiTags('status')
@Controller()
export class StatusController {
  constructor(
    @Inject(NODE_STATUS) private readonly status: NodeStatus,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(AvailabilityReader) private readonly reader: AvailabilityReader,
  ) {}

  @Get('v0/status/block-height')
  @ApiOperation({ summary: 'Number of decided blocks (the height the next block will have)' })
  @ApiJsonOk(CountSchema)
  @ApiErrors(400)
  async blockHeight(): Promise<number> {
    return this.status.blockHeight();
  }

  /** Seconds since the last decide, or null before the first one. */
  @Get('v0/status/time-since-last-decide')
  @ApiOperation({ summary: 'Seconds since this node last saw a decide' })
  @ApiJsonOk(TimeSinceLastDecideSchema)
  @ApiErrors(400)
  timeSinceLastDecide(): TimeSinceLastDecideJson {
    const last = this.status.lastDecideAtMs();
    return { seconds: last === undefined ? null : (Date.now() - last) / 1000 };
  }

  @Get('v0/status/earliest-available-height')
  @ApiOperation({ summary: 'The range of heights this node serves (it prunes below earliestHeight)' })
  @ApiJsonOk(EarliestHeightSchema)
  @ApiErrors(400)
  async earliestAvailableHeight(): Promise<EarliestHeightJson> {
    const [earliest, latest] = await Promise.all([this.reader.earliestHeight(), this.reader.store.latestHeight()]);
    return { earliestHeight: earliest ?? null, latestHeight: latest ?? (earliest === 0 ? 0 : null) };
  }

  @Get('v0/status/mempool-info')
  @ApiOperation({ summary: "What waits in this node's mempool: transactions and payload bytes, against its bounds" })
  @ApiJsonOk(MempoolInfoSchema)
  @ApiErrors(400, 503)
  mempoolInfo(): MempoolInfoJson {
    const usage = this.status.mempool?.();
    if (!usage) throw new NotReadyError('the node has not joined the network yet; retry shortly');
    return {
      transactionCount: usage.transactions,
      payloadBytes: usage.bytes,
      maxTransactions: usage.maxTransactions,
      maxPayloadBytes: usage.maxBytes,
    };
  }

  @Get('v0/status/metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(400)
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  @Get('healthz')
  @ApiOperation({
    summary:
      'ok once the node has joined the network and runs consensus; 503 with the reason when its storage failed or it has not decided for ten view timeouts',
  })
  @ApiJsonOk(HealthSchema)
  @ApiErrors(400, 503)
  health(): HealthJson {
    if (!this.status.isRunning()) return { status: 'starting' };
    const unhealthy = this.status.healthFacts && unhealthyReason(this.status.healthFacts(), Date.now());
    if (unhealthy) throw unhealthy;
    return { status: 'ok' };
  }
}
