export { ANVIL_PRIVATE_KEYS, startAnvil, type AnvilOptions, type AnvilProcess } from './anvil/anvil-process';
export { l1Chain } from './chain/l1-chain';
export { deployContracts, type DeployContractsOptions, type DeployedContracts } from './deploy/deploy-contracts';
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
  AnvilStartError,
  ArtifactError,
  CertificateMismatchError,
  DeploymentFailedError,
  InvalidPointEncodingError,
  NothingToEncodeError,
} from './errors';
export { hotShotAbi, hotShotBytecode } from './generated/hot-shot';
export { mockVerifierAbi, mockVerifierBytecode } from './generated/mock-verifier';
export { zkEvmRollupAbi, zkEvmRollupBytecode } from './generated/zk-evm-rollup';
