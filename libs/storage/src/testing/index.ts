export { buildDecidedChain } from './chain-builder';
export { describeAvailabilityStore } from './availability-store.contract';
export { TEST_POSTGRES_URL, usePostgresTestSchemas } from './postgres-test-schemas';
export { describeSafetyStore, type SafetyStoreHarness } from './safety-store.contract';
