export {
  ErrorCode,
  FRAME_KIND_NAMES,
  FrameKind,
  MAX_TOPIC,
  Topic,
  errorCodeName,
  isFrameKind,
} from './wire/frame-kind';
export {
  AUTHENTICATE_BODY_BYTES,
  BROADCAST_PAYLOAD_OFFSET,
  DIRECT_PAYLOAD_OFFSET,
  SIGNATURE_LENGTH,
  decodeFrame,
  encodeBroadcast,
  encodeDirect,
  encodeFrame,
  stampSender,
  topicMask,
  topicsOfMask,
} from './wire/frame-codec';
export { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES, FrameDecoder, LENGTH_PREFIX_BYTES } from './wire/frame-decoder';
export { PUBLIC_KEY_LENGTH, decodeWelcomeBody, encodeWelcomeBody } from './wire/welcome-codec';
export type {
  AuthenticateMessage,
  AuthenticatedMessage,
  BroadcastMessage,
  CdnMessage,
  DirectMessage,
  ErrorMessage,
  HeartbeatMessage,
  SubscriptionMessage,
  WelcomeMessage,
} from './wire/messages';
export {
  CdnProtocolError,
  FrameTooLargeError,
  MalformedFrameError,
  UnencodableValueError,
  UnexpectedFrameError,
  UnknownFrameKindError,
} from './wire/wire-errors';
export { DEFAULT_MAX_CLOCK_SKEW_MS, createAuthenticate, hasValidAuthSignature } from './auth/authentication';
export {
  createJsonLogger,
  silentLogger,
  type JsonLoggerOptions,
  type LogFields,
  type LogLevel,
  type Logger,
} from './observability/logger';
export {
  CdnClient,
  type CdnClientEvents,
  type CdnClientState,
  type CdnClientStats,
  type Welcome,
} from './client/cdn-client';
export { parseCdnUrl, type CdnClientOptions } from './client/client-options';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './client/backoff';
export type { CdnDelivery } from './client/delivery-stream';
export {
  CdnClientAlreadyStartedError,
  CdnClientStoppedError,
  InvalidCdnUrlError,
  MessageTooLargeError,
  UnknownRecipientError,
} from './client/client-errors';
export { CDN_CLIENT_OPTIONS, CdnClientLifecycle, CdnClientModule } from './nest/cdn-client.module';
export { BrokerListenError, CdnBroker } from './broker/cdn-broker';
export { InvalidBrokerOptionsError, type CdnBrokerOptions } from './broker/broker-options';
export { BrokerMetrics } from './broker/broker-metrics';
export { LocalFrameRouter, type DirectOutcome, type FrameRouter, type RoutedNode } from './broker/frame-router';
export { Roster, type Admission } from './broker/roster';
export {
  FileRosterStore,
  MemoryRosterStore,
  ROSTER_FILE_NAME,
  checkStoredRoster,
  type RosterSnapshot,
  type RosterStore,
} from './broker/roster-store';
export {
  BadSignatureError,
  ReplayedAuthenticationError,
  RosterFileCorruptError,
  RosterFullError,
  RosterMismatchError,
  RosterPersistError,
  StaleTimestampError,
  TooManyConnectionsError,
} from './broker/broker-errors';
