import { startAnvil, type AnvilProcess } from '@hotshot/l1';

/** The L2 execution engine: an anvil that mines only when told to. */
export type EngineProcess = AnvilProcess;

/** How to start the engine. */
export interface EngineOptions {
  readonly chainId: number;
  /** 0 lets anvil choose a free port. */
  readonly port: number;
  readonly startTimeoutMs?: number;
}

/**
 * Starts anvil as the rollup's execution engine: the rollup's chain id, no mining of its own (the node mines one
 * block per HotShot height) and a fixed genesis timestamp, so every node's genesis block is the same and any
 * HotShot timestamp comes after it.
 */
export function startEngine(options: EngineOptions): Promise<EngineProcess> {
  return startAnvil({
    port: options.port,
    chainId: options.chainId,
    noMining: true,
    genesisTimestamp: 1,
    startTimeoutMs: options.startTimeoutMs,
  });
}
