export { blsBackendFlag } from './bls-backend-flag';
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
export { formatHelp, type CommandInfo } from './format-help';
export { parseCommandLine, type FlagSpec, type FlagValues, type ParsedCommandLine } from './parse-flags';
export { ExitCode, describeFailure, runCommand } from './run-command';
export { consensusConfigFlags, consensusConfigFromFlags } from './consensus-flags';
export { abortOnShutdownSignal } from './shutdown';
export {
  ANVIL_CHAIN_ID,
  DemoKeysRefusedError,
  assertDemoKeysAllowed,
  warnIfDemoKeys,
  type WarnLogger,
} from './demo-keys';
