export { blsBackendFlag } from './bls-backend-flag';
export { chainIdFlag, optionalChainIdFlag } from './chain-id-flag';
export { ConfigError } from './config-error';
export {
  booleanFlag,
  enumFlag,
  intFlag,
  numberFlag,
  optionalIntFlag,
  optionalStringFlag,
  optionalUrlFlag,
  stringFlag,
  urlFlag,
  type FlagDef,
} from './flag';
export { parseCommandLine, type FlagValues } from './parse-flags';
export { ExitCode, runCommand } from './run-command';
export { consensusConfigFlags, consensusConfigFromFlags } from './consensus-flags';
export { DemoKeysRefusedError, assertDemoKeysAllowed, warnIfDemoKeys } from './demo-keys';
