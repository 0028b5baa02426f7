export {
  ANVIL_PRIVATE_KEYS,
  anvilBinaryPath,
  startAnvil,
  type AnvilOptions,
  type AnvilProcess,
} from './anvil/anvil-process';
export { l1Chain } from './chain/l1-chain';
export { deployContracts, type DeployContractsOptions, type DeployedContracts } from './deploy/deploy-contracts';
export { deployNetwork, type DeployNetworkOptions } from './deploy/deploy-network';
export { readDeploymentFile, writeDeploymentFile, type Deployment } from './deploy/deployment-file';
export {
  toBatchArg,
  toBatchCommitmentArg,
  toG1PointArg,
  toG2PointArg,
  toHeaderArg,
  toNamespaceEntryArg,
  toNewBlocksArgs,
  toStakeTableArg,
  type BatchArg,
  type BatchCommitmentArg,
  type FinalityCertificateArg,
  type G1PointArg,
  type G2PointArg,
  type HeaderArg,
  type NamespaceEntryArg,
  type StakeTableEntryArg,
} from './encode/contract-args';
export {
  EMPTY_NAMESPACE_PAYLOAD_HASH,
  GENESIS_ACC_INPUT_HASH,
  accumulateInput,
  headerFromArg,
  namespacePayloadHash,
} from './encode/rollup-inputs';
export {
  AnvilStartError,
  ArtifactError,
  CertificateMismatchError,
  ContractRevertError,
  DeploymentFailedError,
  DeploymentFileError,
  DeploymentMismatchError,
  GasBudgetExceededError,
  InvalidPointEncodingError,
  MalformedApiResponseError,
  NothingToEncodeError,
  PrivateKeyError,
  SequencerApiError,
  SequencerUnreachableError,
} from './errors';
export { hotShotAbi, hotShotBytecode } from './generated/hot-shot';
export { mockVerifierAbi, mockVerifierBytecode } from './generated/mock-verifier';
export { zkEvmRollupAbi, zkEvmRollupBytecode } from './generated/zk-evm-rollup';
export { batchCalldataBytes, takeBatch, type AdaptorMode, type BatchLimits } from './adaptor/batch-plan';
export { RollupAdaptor, type RollupAdaptorOptions, type SequencedRange } from './adaptor/rollup-adaptor';
export { checkRollupTransaction, type RollupTransactionCheck } from './adaptor/rollup-transaction';
export { decodeContractRevert, errorLogFields } from './l1-client/contract-errors';
export { ContractWriter, type ContractCall, type SentCall } from './l1-client/contract-writer';
export { connectL1, connectL1WithRetry, readPrivateKey, type L1Clients } from './l1-client/l1-clients';
export { startOpsServer, type OpsServer } from './ops/ops-server';
export { CommitmentPoster, type CommitmentPosterOptions, type PostedRange } from './poster/commitment-poster';
export { HOTSHOT_MAX_HEADERS, HeaderChainMismatchError, assertContinues, postingTarget } from './poster/poster-plan';
export { Backoff, sleep } from './retry/backoff';
export {
  certifiedHeaderFromJson,
  headerFromJson,
  namespaceBlockFromJson,
  networkConfigFromJson,
  type CertifiedHeader,
  type NamespaceBlock,
  type NetworkConfig,
} from './sequencer-api/api-json';
export { NamespaceFollower, type NamespaceFollowerOptions } from './sequencer-api/namespace-follower';
export { API_MAX_RANGE, SequencerApiClient } from './sequencer-api/sequencer-api-client';
