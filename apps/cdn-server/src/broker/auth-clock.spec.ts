import { EventLoopStall, MAX_EXCUSED_STALL_MS, checkAuthTimestamp } from './auth-clock';
import { StaleTimestampError } from './broker-errors';

const NOW = 1_800_000_000_000;

describe('checkAuthTimestamp', () => {
  it('accepts the skew either side and excuses a stall only for the past, up to the cap', () => {
    expect(() => checkAuthTimestamp(NOW - 5000, NOW, 5000)).not.toThrow();
    expect(() => checkAuthTimestamp(NOW + 5000, NOW, 5000)).not.toThrow();
    expect(() => checkAuthTimestamp(NOW - 5001, NOW, 5000)).toThrow(StaleTimestampError);
    expect(() => checkAuthTimestamp(NOW - 9000, NOW, 5000, 4000)).not.toThrow();
    expect(() => checkAuthTimestamp(NOW + 5001, NOW, 5000, 4000)).toThrow(StaleTimestampError);
    const huge = 10 * MAX_EXCUSED_STALL_MS;
    expect(() => checkAuthTimestamp(NOW - 5000 - MAX_EXCUSED_STALL_MS, NOW, 5000, huge)).not.toThrow();
    expect(() => checkAuthTimestamp(NOW - 5001 - MAX_EXCUSED_STALL_MS, NOW, 5000, huge)).toThrow(StaleTimestampError);
    expect(() => checkAuthTimestamp(NOW - 5001, NOW, 5000, -100)).toThrow(StaleTimestampError);
  });

  it('names the window it applied', () => {
    try {
      checkAuthTimestamp(NOW - 9000, NOW, 5000, 1000);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(StaleTimestampError);
      expect((error as StaleTimestampError).details).toMatchObject({ skewMs: -9000, maxSkewMs: 6000 });
    }
  });
});

describe('EventLoopStall', () => {
  let clockMs = 0;
  const stalls: EventLoopStall[] = [];
  const tracker = (): EventLoopStall => {
    const stall = new EventLoopStall(250, 30_000, () => clockMs);
    stalls.push(stall);
    return stall;
  };
  beforeEach(() => (clockMs = 0));
  afterAll(() => stalls.forEach((stall) => stall.stop()));

  it('ignores lateness under a tick: scheduling noise', () => {
    const stall = tracker();
    for (let i = 0; i < 10; i++) {
      clockMs += 260;
      stall.tick();
    }
    expect(stall.recentStallMs()).toBe(0);
  });

  it('remembers a late tick for the window, then forgets it', () => {
    const stall = tracker();
    clockMs += 250 + 7000;
    stall.tick();
    const onTimeFor = (ms: number) => {
      for (let elapsed = 0; elapsed < ms; elapsed += 250) {
        clockMs += 250;
        stall.tick();
      }
    };
    onTimeFor(29_000);
    expect(stall.recentStallMs()).toBe(7000);
    onTimeFor(1_250);
    expect(stall.recentStallMs()).toBe(0);
  });

  it('sees a stall in progress, before the late tick has run', () => {
    const stall = tracker();
    clockMs += 6000;
    expect(stall.recentStallMs()).toBe(6000 - 250);
  });
});
