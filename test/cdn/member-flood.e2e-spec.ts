import {
  ErrorCode,
  FrameDecoder,
  FrameKind,
  Topic,
  createAuthenticate,
  decodeFrame,
  encodeBroadcast,
  encodeFrame,
  type ErrorMessage,
} from '@hotshot/cdn';
import { connect, type Socket } from 'node:net';
import type { BlsKeyPair } from '@hotshot/crypto';
import { nodeKey, startBroker, waitUntil, withTimeout } from './support/cdn-fixtures';
import type { CdnBroker } from '../../apps/cdn-server/src/broker/cdn-broker';

const MiB = 1024 * 1024;

/** The production frame limit and outbound budget (cdn-server defaults), and its send budget defaults. */
const PRODUCTION_LIMITS = { maxFrameBytes: 8 * MiB, outboundBudgetBytes: 32 * MiB };

/**
 * An honest member that reads at most `bytesPerSecond` (it has work to do per message) and pings every 200 ms,
 * counting the broadcasts it receives by sender.
 */
class PacedMember {
  readonly fromSender = new Map<number, number>();
  readonly errors: ErrorMessage[] = [];
  index = -1;
  closed = false;
  private readonly decoder = new FrameDecoder(16 * MiB);
  private readonly pinger: NodeJS.Timeout;
  private readBytes = 0;
  private readonly startedAt = Date.now();

  private constructor(
    readonly socket: Socket,
    bytesPerSecond: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.readBytes += chunk.length;
      this.decoder.push(chunk, (frame) => {
        const message = decodeFrame(frame);
        if (message.kind === FrameKind.Broadcast) {
          this.fromSender.set(message.sender, (this.fromSender.get(message.sender) ?? 0) + 1);
        } else if (message.kind === FrameKind.Error) this.errors.push(message);
        else if (message.kind === FrameKind.Authenticated) this.index = message.nodeIndex;
      });
      const aheadMs = (this.readBytes * 1000) / bytesPerSecond - (Date.now() - this.startedAt);
      if (aheadMs > 0) {
        socket.pause();
        setTimeout(() => socket.resume(), aheadMs);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
    this.pinger = setInterval(() => socket.write(encodeFrame({ kind: FrameKind.Ping })), 200);
  }

  static async join(port: number, key: BlsKeyPair, bytesPerSecond: number): Promise<PacedMember> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const member = new PacedMember(socket, bytesPerSecond);
    socket.write(encodeFrame(createAuthenticate(key, Date.now())));
    return member;
  }

  broadcast(bytes: Uint8Array): void {
    this.socket.write(encodeBroadcast(1 << Topic.Global, bytes));
  }

  stop(): void {
    clearInterval(this.pinger);
    this.socket.destroy();
  }
}

/** A member that broadcasts 4 MiB frames as fast as its socket takes them, until the broker closes it. */
async function flood(port: number, key: BlsKeyPair): Promise<{ refusal: Promise<ErrorMessage>; sent: () => number }> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const frames: ErrorMessage[] = [];
  // It reads what it is sent (others' broadcasts too), to find the Error frame at the end.
  const decoder = new FrameDecoder(16 * MiB);
  socket.on('data', (chunk) =>
    decoder.push(chunk, (frame) => {
      const message = decodeFrame(frame);
      if (message.kind === FrameKind.Error) frames.push(message);
    }),
  );
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(encodeFrame(createAuthenticate(key, Date.now())));
  const junk = encodeBroadcast(1 << Topic.Global, new Uint8Array(4 * MiB).fill(0xaa));
  let sent = 0;
  const pump = () => {
    while (!socket.destroyed && socket.writable) {
      sent++;
      if (!socket.write(junk)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
  const refusal = closed.then(() => {
    const error = frames.find((f) => f.kind === FrameKind.Error);
    if (!error) throw new Error('the flooder was closed without an Error frame');
    return error;
  });
  return { refusal, sent: () => sent };
}

describe('a member flooding the broker (issue 17, finding 4)', () => {
  let broker: CdnBroker;
  let port: number;
  const members: PacedMember[] = [];

  beforeEach(async () => {
    ({ broker, port } = await startBroker(3, PRODUCTION_LIMITS));
  });

  /** A broker whose send budget is scaled down 8 times, so this one process can outpace it (see the test). */
  async function scaledDownBroker(): Promise<void> {
    await broker.close();
    ({ broker, port } = await startBroker(3, {
      ...PRODUCTION_LIMITS,
      sendBudgetBytesPerSecond: 4 * MiB,
      sendBudgetBurstBytes: 8 * MiB,
      sendBudgetCutAfterMs: 2000,
    }));
  }

  afterEach(async () => {
    for (const member of members.splice(0)) member.stop();
    await broker.close();
  });

  it('is cut with SendBudgetExceeded; the honest members, reading at 8 MiB/s, stay and keep talking', async () => {
    // Flooder, broker and readers share this process, which cannot push much more than the 32 MiB/s default: the
    // budget is scaled down (4 MiB/s), and so are the readers (8 MiB/s, twice the budget) and the honest traffic.
    await scaledDownBroker();
    const a = await PacedMember.join(port, nodeKey(1), 8 * MiB);
    const b = await PacedMember.join(port, nodeKey(2), 8 * MiB);
    members.push(a, b);
    await waitUntil(() => a.index >= 0 && b.index >= 0, 'the honest members to authenticate');
    // Honest traffic: 256 KiB from a every 200 ms (1.25 MiB/s), as a leader's proposals, scaled down like the budget.
    const honest = setInterval(() => a.broadcast(new Uint8Array(MiB / 4)), 200);
    try {
      const flooder = await flood(port, nodeKey(0));
      const refusal = await withTimeout(flooder.refusal, 30_000, 'the broker to cut the flooder');
      expect(refusal.code).toBe(ErrorCode.SendBudgetExceeded);
      // It really flooded: more than the budget lets through before a cut (an 8 MiB burst and 2 s at 4 MiB/s, four
      // of its 4 MiB frames). How far past that it gets before the cut depends on how busy the machine is.
      expect(flooder.sent()).toBeGreaterThan(4);
      // The honest members were never dropped, and a's broadcasts still reach b after the flood.
      const before = b.fromSender.get(a.index) ?? 0;
      await waitUntil(
        () => (b.fromSender.get(a.index) ?? 0) >= before + 5,
        'honest broadcasts after the flood',
        20_000,
      );
      expect([a.closed, b.closed]).toEqual([false, false]);
      expect([a.errors, b.errors]).toEqual([[], []]);
      expect(broker.metrics.disconnectsFor('slow_consumer')).toBe(0);
      expect(broker.metrics.disconnectsFor('send_budget_exceeded')).toBe(1);
      expect(broker.metrics.sendBudgetFor('cut_flooding') + broker.metrics.sendBudgetFor('cut_sustained')).toBe(1);
      expect(broker.metrics.sendBudgetFor('throttled')).toBeGreaterThan(0);
      const text = await broker.metrics.registry.getSingleMetricAsString('cdn_broker_send_budget_total');
      expect(text).toMatch(/action="cut_/);
    } finally {
      clearInterval(honest);
    }
  }, 90_000);

  it('cuts a member that floods within its send budget, faster than the others read, never the readers', async () => {
    // Production budgets: 16 MiB/s is half the send budget, so no frame of the flooder is beyond it; the honest
    // members read 4 MiB/s (a busy machine), so every reader's queue fills with the flooder's frames.
    const a = await PacedMember.join(port, nodeKey(1), 4 * MiB);
    const b = await PacedMember.join(port, nodeKey(2), 4 * MiB);
    const flooder = await PacedMember.join(port, nodeKey(0), 64 * MiB);
    members.push(a, b, flooder);
    await waitUntil(() => a.index >= 0 && b.index >= 0 && flooder.index >= 0, 'the members to authenticate');
    const honest = setInterval(() => a.broadcast(new Uint8Array(64 * 1024)), 200);
    const flood = setInterval(() => flooder.broadcast(new Uint8Array(4 * MiB).fill(0xaa)), 250);
    try {
      await waitUntil(() => flooder.closed, 'the broker to cut the flooder', 60_000);
      expect(flooder.errors.map((e) => e.code)).toEqual([ErrorCode.SendBudgetExceeded]);
      expect(broker.metrics.sendBudgetFor('cut_flooding')).toBe(1);
      const before = b.fromSender.get(a.index) ?? 0;
      await waitUntil(() => (b.fromSender.get(a.index) ?? 0) >= before + 5, 'honest broadcasts after the cut', 30_000);
      expect([a.closed, b.closed]).toEqual([false, false]);
      expect(broker.metrics.disconnectsFor('slow_consumer')).toBe(0);
    } finally {
      clearInterval(honest);
      clearInterval(flood);
    }
  }, 120_000);

  it('drops a reader that lags alone as a slow consumer, and keeps the member whose frames it did not read', async () => {
    const sender = await PacedMember.join(port, nodeKey(1), 64 * MiB);
    const stalled = await PacedMember.join(port, nodeKey(2), 64 * MiB);
    const reader = await PacedMember.join(port, nodeKey(0), 64 * MiB);
    members.push(sender, stalled, reader);
    await waitUntil(() => sender.index >= 0 && stalled.index >= 0 && reader.index >= 0, 'the members to authenticate');
    stalled.socket.pause();
    const traffic = setInterval(() => sender.broadcast(new Uint8Array(MiB)), 100);
    try {
      await waitUntil(() => stalled.closed, 'the broker to drop the stalled reader', 60_000);
      expect(broker.metrics.disconnectsFor('slow_consumer')).toBe(1);
      const before = reader.fromSender.get(sender.index) ?? 0;
      await waitUntil(() => (reader.fromSender.get(sender.index) ?? 0) >= before + 5, 'broadcasts after the drop');
      expect([sender.closed, reader.closed]).toEqual([false, false]);
      expect(broker.metrics.sendBudgetFor('cut_flooding')).toBe(0);
    } finally {
      clearInterval(traffic);
    }
  }, 120_000);

  it('never throttles honest traffic: 5 MiB/s of payloads with a multi-MB proposal burst', async () => {
    const a = await PacedMember.join(port, nodeKey(1), 64 * MiB);
    const b = await PacedMember.join(port, nodeKey(2), 64 * MiB);
    members.push(a, b);
    await waitUntil(() => a.index >= 0 && b.index >= 0, 'the honest members to authenticate');
    // A proposal and its DA copy of a full 6 MiB block at once, then 5 MiB/s for three seconds.
    a.broadcast(new Uint8Array(6 * MiB));
    a.broadcast(new Uint8Array(6 * MiB));
    for (let tick = 0; tick < 15; tick++) {
      a.broadcast(new Uint8Array(MiB));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await waitUntil(() => (b.fromSender.get(a.index) ?? 0) === 17, 'every honest broadcast at b', 20_000);
    expect(broker.metrics.sendBudgetFor('throttled')).toBe(0);
    expect(broker.metrics.disconnectsFor('send_budget_exceeded')).toBe(0);
  }, 60_000);
});
