import { Module, type DynamicModule } from '@nestjs/common';
import { SignerController } from './signer.controller';
import { SigningService } from './signing-service';

/** The signer microservice's module, around a SigningService built by main (keys unlocked, record open). */
@Module({})
export class SignerModule {
  static forService(service: SigningService): DynamicModule {
    return {
      module: SignerModule,
      controllers: [SignerController],
      providers: [{ provide: SigningService, useValue: service }],
    };
  }
}
