import type { ConsensusMessage } from '@hotshot/consensus';

/** Where the driver's Broadcast and SendTo effects go; the network module encodes and sends them. */
export interface ConsensusSender {
  broadcast(audience: 'all' | 'da-committee', message: ConsensusMessage): void;
  sendTo(index: number, message: ConsensusMessage): void;
}
