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
  MAX_ENDPOINT_BYTES,
  PERMIT_LENGTH,
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
  PermitMessage,
  RedirectMessage,
  SubscriptionMessage,
  WelcomeMessage,
} from './wire/messages';
export {
  CdnProtocolError,
  FrameTooLargeError,
  InvalidEndpointError,
  MalformedFrameError,
  UnencodableValueError,
  UnexpectedFrameError,
  UnknownFrameKindError,
} from './wire/wire-errors';
export { formatEndpoint, parseEndpoint, type Endpoint } from './wire/endpoint';
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
export { BrokerAuth, type AdmittedKey } from './broker/broker-auth';
export { LocalBrokerGate, type AdmissionMessage, type BrokerGate } from './broker/broker-gate';
export {
  FileRosterStore,
  MemoryRosterStore,
  ROSTER_FILE_NAME,
  checkStoredRoster,
  parseRosterSnapshot,
  rosterMismatch,
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
  SendBudgetExceededError,
  TooManyConnectionsError,
  type PendingLimitScope,
  WrongAdmissionFrameError,
} from './broker/broker-errors';
export { CdnMarshal, type CdnMarshalOptions } from './scale-out/cdn-marshal';
export { ScaleOutBroker, type ScaleOutBrokerOptions } from './scale-out/scale-out-broker';
export { DEFAULT_REDIS_PREFIX, RedisKeys } from './scale-out/redis-keys';
export { closeRedis, openRedis, type RedisConnectionOptions } from './scale-out/redis-connection';
export {
  checkNetwork,
  defineNetwork,
  readNetwork,
  waitForNetwork,
  type NetworkDefinition,
} from './scale-out/network-definition';
export { RedisRoster, type RosterAdmission, type RosterLookup } from './scale-out/redis-roster';
export { PermitStore, type PermitGrant } from './scale-out/permit-store';
export { PermitGate } from './scale-out/permit-gate';
export { BrokerRegistry, leastLoaded, type BrokerRecord, type LiveBroker } from './scale-out/broker-registry';
export { MarshalAuth, type MarshalAdmission } from './scale-out/marshal-auth';
export { UserDirectory, type DirectoryEntry, type DirectoryUpdate } from './scale-out/user-directory';
export { MeshFrameRouter, type MeshRouterHooks } from './scale-out/mesh-frame-router';
export { BrokerMesh, type BrokerMeshOptions, type MeshHandler } from './scale-out/broker-mesh';
export {
  MESH_TOKEN_LENGTH,
  MeshKind,
  decodeMeshFrame,
  encodeMeshFrame,
  type MeshMessage,
} from './scale-out/mesh-codec';
export {
  BadPermitError,
  InvalidScaleOutOptionsError,
  MeshRefusedError,
  NetworkDefinitionCorruptError,
  NetworkMismatchError,
  NoBrokerAvailableError,
  RedisUnavailableError,
  RosterDisagreementError,
} from './scale-out/scale-out-errors';
