// What other rooms use, and nothing else: the bindings, the L1 clients and the serialized contract writer, the
// contracts' argument encoding and the rollup's input hashes, deploy and the deployment file, and the anvil launcher
// that tests, the demo and zkevm-node's engine start.
export { ANVIL_PRIVATE_KEYS, anvilBinaryPath, startAnvil, type AnvilProcess } from './anvil/anvil-process';
export { l1Chain } from './chain/l1-chain';
export { deployContracts } from './deploy/deploy-contracts';
export { deployNetwork } from './deploy/deploy-network';
export { readDeploymentFile, writeDeploymentFile, type Deployment } from './deploy/deployment-file';
export {
  toBatchArg,
  toBatchCommitmentArg,
  toG2PointArg,
  toNewBlocksArgs,
  type HeaderArg,
} from './encode/contract-args';
export { GENESIS_ACC_INPUT_HASH, accumulateInput, headerFromArg, namespacePayloadHash } from './encode/rollup-inputs';
export { ContractRevertError, DeploymentMismatchError, GasBudgetExceededError } from './errors';
export { hotShotAbi } from './generated/hot-shot';
export { zkEvmRollupAbi } from './generated/zk-evm-rollup';
export { errorLogFields } from './l1-client/contract-errors';
export { ContractWriter, type SentCall } from './l1-client/contract-writer';
export {
  L1_URL_PROTOCOLS,
  connectL1,
  connectL1WithRetry,
  readL1ChainIdWithRetry,
  readPrivateKey,
  type L1Clients,
} from './l1-client/l1-clients';
export { StakeTableNotDeployedError } from './stake-table/stake-table-errors';
export { readL1StakeTable, type L1StakeTable, type L1StakeTableSource } from './stake-table/stake-table-reader';
export {
  deployStakeTable,
  registerValidator,
  validatorStatus,
  type StakeTableWriter,
} from './stake-table/stake-table-registration';
