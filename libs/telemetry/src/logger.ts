/** Log levels in increasing severity; `error` is for what will not heal without a person. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of one log line; values are JSON-encoded (bigints and bytes as strings). */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger: a fixed message per event, the data in fields, never interpolated into the message. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` (e.g. `{ module: 'consensus' }`). */
  child(fields: LogFields): Logger;
}

/** Where lines go; a function so tests can capture them. */
export type LogSink = (line: string) => void;

export interface JsonLoggerOptions {
  readonly level?: LogLevel;
  readonly sink?: LogSink;
  readonly clock?: () => number;
  readonly fields?: LogFields;
}

/** Writes one JSON object per line: `{"time":"...","level":"info","msg":"decided","height":3,...}`. */
export class JsonLogger implements Logger {
  private readonly minimum: number;
  private readonly sink: LogSink;
  private readonly clock: () => number;
  private readonly fields: LogFields;

  constructor(private readonly options: JsonLoggerOptions = {}) {
    this.minimum = SEVERITY[options.level ?? 'info'];
    this.sink = options.sink ?? ((line) => process.stdout.write(line));
    this.clock = options.clock ?? Date.now;
    this.fields = options.fields ?? {};
  }

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger({ ...this.options, fields: { ...this.fields, ...fields } });
  }

  private write(level: LogLevel, msg: string, fields?: LogFields): void {
    if (SEVERITY[level] < this.minimum) return;
    const record = { time: new Date(this.clock()).toISOString(), level, msg, ...this.fields, ...fields };
    this.sink(`${JSON.stringify(record, jsonSafe)}\n`);
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value.cause !== undefined && { cause: String(value.cause) }),
    };
  }
  return value;
}

/** A logger that drops everything (for tests that do not look at logs). */
export const silentLogger: Logger = new JsonLogger({ level: 'error', sink: () => undefined }).child({});
