import type { DecidedBlock } from '@hotshot/storage';
import type { Logger } from '@hotshot/telemetry';
import type { DecideFeed } from '../api-ports';

/**
 * A DecideFeed the node can provide as is: call `publish` after each `appendDecided` has resolved. A listener that
 * throws is logged and kept; the others still get the blocks.
 */
export class DecideBroadcaster implements DecideFeed {
  private readonly listeners = new Set<(blocks: readonly DecidedBlock[]) => void>();

  constructor(private readonly log?: Logger) {}

  /** Registers a listener; returns the function that removes it (safe to call more than once). */
  subscribe(listener: (blocks: readonly DecidedBlock[]) => void): () => void {
    // A wrapper, so one function subscribed twice is two subscriptions.
    const entry = (blocks: readonly DecidedBlock[]) => listener(blocks);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Hands stored, decided blocks (ascending heights) to every listener. */
  publish(blocks: readonly DecidedBlock[]): void {
    if (blocks.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(blocks);
      } catch (error) {
        this.log?.error('decide listener failed', { error });
      }
    }
  }

  /** Listeners registered now. */
  get size(): number {
    return this.listeners.size;
  }
}
