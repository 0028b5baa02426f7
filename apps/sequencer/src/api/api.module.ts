import { Module } from '@nestjs/common';
import { AvailabilityController } from './availability.controller';
import { AvailabilityReader } from './availability-reader';
import { ConfigController } from './config.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardStatusController } from './dashboard/dashboard-status.controller';
import { DecideWindow } from './dashboard/decide-window';
import { DocsController } from './docs.controller';
import { LightClientController } from './light-client.controller';
import { NodeController } from './node.controller';
import { StatusController } from './status.controller';
import { BlockStreamServer } from './stream/block-stream.server';
import { StreamController } from './stream/stream.controller';
import { SubmitController } from './submit.controller';

/**
 * The HTTP API's controllers and the WebSocket stream server. The ports they inject (api-ports.ts: the
 * availability store, submit port, node status, metrics registry, logger, decide feed and HotShot config; stream
 * options optionally) come from the node's global providers.
 */
@Module({
  controllers: [
    SubmitController,
    StatusController,
    AvailabilityController,
    NodeController,
    StreamController,
    LightClientController,
    ConfigController,
    DocsController,
    DashboardStatusController,
    DashboardController,
  ],
  providers: [AvailabilityReader, BlockStreamServer, DecideWindow],
})
export class ApiModule {}
