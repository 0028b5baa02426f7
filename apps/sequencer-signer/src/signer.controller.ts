import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SignerPattern, type PublicKeysReply, type SignReply } from '@hotshot/signer';
import { SigningService } from './signing-service';

/** The signer's message patterns on the TCP transport; the work is SigningService's. */
@Controller()
export class SignerController {
  constructor(@Inject(SigningService) private readonly service: SigningService) {}

  @MessagePattern(SignerPattern.sign)
  sign(@Payload() message: unknown): SignReply {
    return this.service.sign(message);
  }

  @MessagePattern(SignerPattern.publicKeys)
  publicKeys(@Payload() message: unknown): Promise<PublicKeysReply> {
    return this.service.publicKeys(message);
  }
}
