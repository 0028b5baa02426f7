/** Severity of a log line; `error` is for what will not heal without a person. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields attached to a log line: data stays out of the message. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger: one line per event, `{ time, level, msg, ...fields }`. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ module: 'broker' }`). */
  child(fields: LogFields): Logger;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of createJsonLogger. */
export interface JsonLoggerOptions {
  /** Lowest level written; default `info`. */
  readonly level?: LogLevel;
  /** Where each line goes (without newline handling by the caller); default process.stdout. */
  readonly write?: (line: string) => void;
  /** Clock for the `time` field; default Date.now. */
  readonly now?: () => number;
}

function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.cause ? { cause: String(value.cause) } : {}) };
  }
  return value;
}

/** A logger that writes one JSON object per line: `{"time":"...","level":"info","msg":"node joined",...}`. */
export function createJsonLogger(options: JsonLoggerOptions = {}, bound: LogFields = {}): Logger {
  const minimum = LEVEL_RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] < minimum) return;
    const line = { time: new Date(now()).toISOString(), level, msg, ...bound, ...fields };
    write(`${JSON.stringify(line, jsonValue)}\n`);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createJsonLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything (the default of library classes, and for noisy tests). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
