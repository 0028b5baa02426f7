export { BaseError, type BaseErrorOptions, type ErrorDetails } from './errors/base-error';
export { DEFAULT_CONSENSUS_CONFIG, type ConsensusConfig } from './config/consensus-config';
