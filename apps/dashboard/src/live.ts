import {
  BlockSchema,
  DashboardStatusSchema,
  checkJson,
  getJson,
  streamUrl,
  type BlockJson,
  type DashboardStatusJson,
} from './api';

/** How often the status route is polled, in ms. */
const STATUS_POLL_MS = 1500;
/** Blocks kept for the latest-blocks table. */
export const LATEST_BLOCKS = 20;

/** What the page knows, as of the last status answer and the last streamed block. */
export interface LiveState {
  status?: DashboardStatusJson;
  /** When the status was received, by the browser's clock (ms). */
  statusAtMs?: number;
  /** Newest first. */
  blocks: BlockJson[];
  /** Connection health for the indicator: the status poll and the block stream. */
  connection: { status: 'ok' | 'down' | 'starting'; stream: 'open' | 'connecting' | 'closed'; message?: string };
}

type Listener = (state: LiveState, changed: 'status' | 'blocks' | 'connection') => void;

/**
 * Follows the node: polls `/v0/status/dashboard` and streams decided blocks over
 * `/v0/availability/stream/blocks/:from`, starting a little below the tip and resuming from the last height
 * received after a disconnect (from the earliest available height when the node pruned it: close code 4410).
 */
export class LiveNode {
  readonly state: LiveState = { blocks: [], connection: { status: 'starting', stream: 'closed' } };
  private readonly listeners = new Set<Listener>();
  private socket?: WebSocket;
  private nextHeight?: number;
  private retryMs = 500;
  private streamStarted = false;
  private stopped = false;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.pollLoop();
  }

  private emit(changed: 'status' | 'blocks' | 'connection'): void {
    for (const listener of this.listeners) listener(this.state, changed);
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        const status = await getJson('/v0/status/dashboard', DashboardStatusSchema);
        this.state.status = status;
        this.state.statusAtMs = Date.now();
        this.setConnection({ status: status.running ? 'ok' : 'starting', message: undefined });
        this.emit('status');
        if (!this.streamStarted && status.blockHeight > 0) {
          this.streamStarted = true;
          this.openStream(status);
        }
      } catch (error) {
        this.setConnection({ status: 'down', message: (error as Error).message });
      }
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    }
  }

  private setConnection(patch: Partial<LiveState['connection']>): void {
    const next = { ...this.state.connection, ...patch };
    const before = this.state.connection;
    if (next.status === before.status && next.stream === before.stream && next.message === before.message) return;
    this.state.connection = next;
    this.emit('connection');
  }

  private openStream(status: DashboardStatusJson): void {
    const earliest = status.node.earliestHeight ?? 0;
    const from = Math.max(this.nextHeight ?? status.blockHeight - LATEST_BLOCKS, earliest, 0);
    const socket = new WebSocket(streamUrl(`/v0/availability/stream/blocks/${from}`));
    this.socket = socket;
    this.setConnection({ stream: 'connecting' });
    socket.onopen = () => {
      this.retryMs = 500;
      this.setConnection({ stream: 'open' });
    };
    socket.onmessage = (event) => {
      // A block, or an error object as the last message before a close (the close code says what to do).
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const checked = checkJson(BlockSchema, message);
      if (!checked.ok) return;
      const block = checked.value;
      this.nextHeight = block.height + 1;
      const blocks = this.state.blocks;
      if (blocks.length > 0 && block.height <= blocks[0]!.height) return;
      blocks.unshift(block);
      if (blocks.length > LATEST_BLOCKS) blocks.length = LATEST_BLOCKS;
      this.emit('blocks');
    };
    socket.onclose = (event) => {
      this.socket = undefined;
      this.setConnection({ stream: 'closed' });
      // 4410: the next height was pruned; start again from the earliest available one (the next poll does).
      if (event.code === 4410) this.nextHeight = undefined;
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
      setTimeout(() => {
        if (this.state.status && !this.stopped) this.openStream(this.state.status);
      }, wait);
    };
  }
}
