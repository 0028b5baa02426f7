import { Module } from '@nestjs/common';
import { AvailabilityController } from './availability.controller';
import { StatusController } from './status.controller';
import { SubmitController } from './submit.controller';

/** The HTTP API's controllers; the ports they inject come from the node's global providers. */
@Module({ controllers: [SubmitController, StatusController, AvailabilityController] })
export class ApiModule {}
