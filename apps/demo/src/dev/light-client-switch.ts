import type { PostedRange } from '@hotshot/rollup-bridge';

/** What the dev node's poster is doing, as GET /dev/info reports it. */
export interface PosterState {
  /** `posting`: HotShot.sol follows the network; `frozen`: hotshot-down stopped the poster (sequencing goes on). */
  readonly status: 'posting' | 'frozen';
  /** HotShot.sol's blockHeight as the poster last read or posted it. */
  readonly l1Height: number;
  /** The L1 account that posts. */
  readonly account: string;
  /** The last newBlocks the poster mined, if any. */
  readonly lastPosted: { readonly from: number; readonly to: number; readonly transactionHash: string } | null;
  /** When hotshot-down froze it (ISO 8601), while frozen. */
  readonly frozenAt: string | null;
}

/** The part of CommitmentPoster the switch drives: a loop that posts until its signal aborts, and its L1 height. */
export interface PosterLoop {
  run(signal: AbortSignal): Promise<void>;
  readonly l1Height: number;
}

/**
 * Freezes and resumes the light client's progress on L1 (the dev API's hotshot-down and hotshot-up): it runs the
 * poster's loop, stops it on freeze (waiting for a newBlocks in flight to be mined, so HotShot.sol's height is
 * final when freeze returns), and starts it again on resume, from HotShot.sol's height. The network itself keeps
 * deciding throughout; this is what a rollup sees when the sequencer network stops reaching L1.
 */
export class LightClientSwitch {
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private lastPosted: PosterState['lastPosted'] = null;
  private frozenAt: Date | null = null;

  /**
   * `onCrash` hears of a loop that threw (CommitmentPoster retries every failure itself, so only a bug does): the
   * switch then counts as frozen.
   */
  constructor(
    private readonly loop: PosterLoop,
    private readonly account: string,
    private readonly onCrash: (error: unknown) => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Called by the poster after each mined newBlocks. */
  recordPosted(posted: PostedRange): void {
    this.lastPosted = { from: posted.from, to: posted.to, transactionHash: posted.transactionHash };
  }

  /** Starts posting (resume after a freeze); does nothing while posting. */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.frozenAt = null;
    this.running = this.loop.run(controller.signal).catch((error: unknown) => {
      if (this.controller === controller) {
        this.controller = undefined;
        this.frozenAt = this.clock();
      }
      this.onCrash(error);
    });
  }

  /** Stops posting and resolves once the loop has stopped; does nothing while frozen. */
  async freeze(): Promise<void> {
    const { controller, running } = this;
    if (!controller) return this.running;
    this.controller = undefined;
    this.frozenAt = this.clock();
    controller.abort();
    await running;
  }

  /** The poster's state now. */
  state(): PosterState {
    return {
      status: this.controller ? 'posting' : 'frozen',
      l1Height: this.loop.l1Height,
      account: this.account,
      lastPosted: this.lastPosted,
      frozenAt: this.frozenAt?.toISOString() ?? null,
    };
  }
}
