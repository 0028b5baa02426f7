// What other rooms use, and nothing else: the wire codec (nodes, apps/cdn-server's broker, marshal and mesh, and
// the hostile tests) and the client for nodes. The broker, the marshal and the Redis mesh live in apps/cdn-server.
export { ErrorCode, FRAME_KIND_NAMES, FrameKind, Topic, errorCodeName } from './wire/frame-kind';
export {
  PERMIT_LENGTH,
  PING_FRAME,
  PONG_FRAME,
  decodeFrame,
  encodeBroadcast,
  encodeDirect,
  encodeFrame,
  stampSender,
  topicMask,
} from './wire/frame-codec';
export { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES, FrameDecoder, LENGTH_PREFIX_BYTES } from './wire/frame-decoder';
export type { AuthenticateMessage, CdnMessage, ErrorMessage, PermitMessage, RedirectMessage } from './wire/messages';
export { CdnProtocolError, MalformedFrameError, UnexpectedFrameError } from './wire/wire-errors';
export { formatEndpoint, parseEndpoint } from './wire/endpoint';
export { DEFAULT_MAX_CLOCK_SKEW_MS, createAuthenticate, hasValidAuthSignature } from './auth/authentication';
export { CdnClient, type CdnClientEvents, type Welcome } from './client/cdn-client';
export type { CdnClientOptions } from './client/client-options';
export type { CdnDelivery } from './client/delivery-stream';
export { CdnClientStoppedError, MessageTooLargeError, UnknownRecipientError } from './client/client-errors';
