/** Provides a {@link DashboardNodeInfo}: what the dashboard shows about this node beyond the API's other ports. */
export const DASHBOARD_NODE_INFO = Symbol('DashboardNodeInfo');

/** A peer this node fetched decided leaves from while catching up. */
export interface CatchupPeer {
  readonly index: number;
  /** Leaves received from it. */
  readonly leaves: number;
  /** Wall-clock time of the last delivery, in ms. */
  readonly lastAtMs: number;
}

/** Heights the L1 contracts hold, read at `readAtMs`. */
export interface L1Progress {
  readonly l1Block: number;
  /** HotShot.sol's `blockHeight()`: the highest HotShot height it stores. */
  readonly hotShotHeight: number;
  /** The rollup contract's `sequencedHeight()` and `verifiedHeight()`. */
  readonly sequencedHeight: number;
  readonly verifiedHeight: number;
  readonly readAtMs: number;
}

/** Reads the L1 contracts' heights; fails (the dashboard shows the message) when L1 does not answer. */
export interface L1ProgressSource {
  /** Where the contracts are, once known: for display only. */
  readonly hotShot: string | undefined;
  readonly rollup: string | undefined;
  read(): Promise<L1Progress>;
}

/** What the node tells the dashboard about itself; optional, so a test API without it still serves the page. */
export interface DashboardNodeInfo {
  /** The storage backend. */
  readonly storage: 'sqlite' | 'postgres';
  /** What this node prunes; undefined keeps everything (archive). */
  readonly retention: { readonly blocks?: number; readonly ageMs?: number } | undefined;
  /** This node's stake-table index, once the broker has told it. */
  selfIndex(): number | undefined;
  /** Peers this node caught up from, by index. */
  catchupPeers(): readonly CatchupPeer[];
  /** Present when the node was given an L1 URL and a deployment file. */
  readonly l1?: L1ProgressSource;
}
