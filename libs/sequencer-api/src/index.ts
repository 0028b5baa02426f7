export { NamespaceFollower } from './client/namespace-follower';
export { SequencerApiClient, submitTransactionJson } from './client/sequencer-api-client';
export { MalformedApiResponseError, SequencerUnreachableError } from './errors';
export {
  blockHeightFromJson,
  genesisFromJson,
  headerFromJson,
  namespaceBlockFromJson,
  networkConfigFromJson,
  transactionHashFromJson,
  type CertifiedHeader,
  type Genesis,
  type NamespaceBlock,
  type NetworkConfig,
} from './json/decode';
export {
  blockJson,
  blockSummaryJson,
  headerJson,
  leafJson,
  namespaceJson,
  payloadJson,
  transactionJson,
  transactionsAtHeightJson,
} from './json/encode';
export {
  BlockSchema,
  BlockSummarySchema,
  HeaderSchema,
  LeafSchema,
  LimitsSchema,
  NamespaceProofSchema,
  PayloadSchema,
  TransactionSchema,
  TransactionsAtHeightSchema,
  type BlockJson,
  type BlockSummaryJson,
  type HeaderJson,
  type LeafJson,
  type LimitsJson,
  type NamespaceProofJson,
  type PayloadJson,
  type TransactionJson,
  type TransactionsAtHeightJson,
} from './schemas/availability.schema';
export {
  FinalityCertificateSchema,
  HotShotConfigSchema,
  type FinalityCertificateJson,
  type HotShotConfigJson,
} from './schemas/config.schema';
export { MAX_NAMESPACE } from './schemas/json-types';
export { openApiSchema } from './schemas/openapi-schema';
export {
  CountSchema,
  EarliestHeightSchema,
  ErrorSchema,
  HeaderWindowSchema,
  HealthSchema,
  MempoolInfoSchema,
  SyncStatusSchema,
  TimeSinceLastDecideSchema,
  type EarliestHeightJson,
  type HeaderWindowJson,
  type HealthJson,
  type MempoolInfoJson,
  type SyncStatusJson,
  type TimeSinceLastDecideJson,
} from './schemas/status.schema';
export {
  BatchRefusedSchema,
  MAX_BATCH_TRANSACTIONS,
  SubmitBatchSchema,
  SubmitTransactionSchema,
  TransactionHashSchema,
  TransactionHashesSchema,
} from './schemas/submit.schema';
export {
  DashboardStatusSchema,
  type DashboardL1Json,
  type DashboardMemberJson,
  type DashboardNodeJson,
  type DashboardStatusJson,
} from './schemas/dashboard.schema';
