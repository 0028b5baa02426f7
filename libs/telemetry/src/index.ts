export {
  JsonLogger,
  isLogLevel,
  silentLogger,
  type LogFields,
  type LogLevel,
  type LogSink,
  type Logger,
} from './logger';
