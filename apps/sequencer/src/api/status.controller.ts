import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY, NODE_STATUS, type NodeStatus } from './api-ports';

/** `GET /v0/status/*` and `/healthz`. */
@Controller()
export class StatusController {
  constructor(
    @Inject(NODE_STATUS) private readonly status: NodeStatus,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('v0/status/block-height')
  async blockHeight(): Promise<number> {
    return this.status.blockHeight();
  }

  /** Seconds since the last decide, or null before the first one. */
  @Get('v0/status/time-since-last-decide')
  timeSinceLastDecide(): { seconds: number | null } {
    const last = this.status.lastDecideAtMs();
    return { seconds: last === undefined ? null : (Date.now() - last) / 1000 };
  }

  @Get('v0/status/metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  @Get('healthz')
  health(): { status: 'ok' | 'starting' } {
    return { status: this.status.isRunning() ? 'ok' : 'starting' };
  }
}
