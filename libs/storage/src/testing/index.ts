export { buildDecidedChain } from './chain-builder';
export { describeAvailabilityStore } from './availability-store.contract';
