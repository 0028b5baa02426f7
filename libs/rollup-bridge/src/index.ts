// The rollup-facing side of the sequencer: the adaptor that carries a namespace's blocks (phase I) or their
// commitments (phase II) to the rollup contract, and the poster that carries certified headers to HotShot.sol.
// Used by apps/zkevm-adaptor, apps/hotshot-poster, zkevm-node's phase III (in-process) and the demo.
export { RollupAdaptor } from './adaptor/rollup-adaptor';
export { CommitmentPoster, type PostedRange } from './poster/commitment-poster';
export { l1WriterFlags } from './l1-writer/l1-writer.flags';
export { runL1Writer } from './l1-writer/run-l1-writer';
