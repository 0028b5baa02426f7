import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY, NODE_STATUS, type NodeStatus } from './api-ports';
import { AvailabilityReader } from './availability-reader';
import { ApiErrors, EarliestHeightDto, HealthDto, TimeSinceLastDecideDto } from './dto/common.dto';
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
  @ApiOkResponse({ schema: { type: 'integer' } })
  async blockHeight(): Promise<number> {
    return this.status.blockHeight();
  }

  /** Seconds since the last decide, or null before the first one. */
  @Get('v0/status/time-since-last-decide')
  @ApiOperation({ summary: 'Seconds since this node last saw a decide' })
  @ApiOkResponse({ type: TimeSinceLastDecideDto })
  timeSinceLastDecide(): TimeSinceLastDecideDto {
    const last = this.status.lastDecideAtMs();
    return { seconds: last === undefined ? null : (Date.now() - last) / 1000 };
  }

  @Get('v0/status/earliest-available-height')
  @ApiOperation({ summary: 'The range of heights this node serves (it prunes below earliestHeight)' })
  @ApiOkResponse({ type: EarliestHeightDto })
  async earliestAvailableHeight(): Promise<EarliestHeightDto> {
    const [earliest, latest] = await Promise.all([
      this.reader.store.earliestHeight(),
      this.reader.store.latestHeight(),
    ]);
    return { earliestHeight: earliest ?? null, latestHeight: latest ?? null };
  }

  @Get('v0/status/metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  @Get('healthz')
  @ApiOperation({
    summary:
      'ok once the node has joined the network and runs consensus; 503 with the reason when its storage failed or it has not decided for ten view timeouts',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiErrors(503)
  health(): HealthDto {
    if (!this.status.isRunning()) return { status: 'starting' };
    const unhealthy = this.status.healthFacts && unhealthyReason(this.status.healthFacts(), Date.now());
    if (unhealthy) throw unhealthy;
    return { status: 'ok' };
  }
}
