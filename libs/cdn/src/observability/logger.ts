import { JsonLogger, silentLogger, type LogFields, type LogLevel, type Logger } from '@hotshot/telemetry';

export { silentLogger, type LogFields, type LogLevel, type Logger };

/** Options of createJsonLogger. */
export interface JsonLoggerOptions {
  /** Lowest level written; default `info`. */
  readonly level?: LogLevel;
  /** Where each line goes; default process.stdout. */
  readonly write?: (line: string) => void;
  /** Clock for the `time` field; default Date.now. */
  readonly now?: () => number;
}

/** The project's JSON logger (@hotshot/telemetry) with the options the CDN's callers use. */
export function createJsonLogger(options: JsonLoggerOptions = {}, bound: LogFields = {}): Logger {
  return new JsonLogger({ level: options.level, sink: options.write, clock: options.now, fields: bound });
}
