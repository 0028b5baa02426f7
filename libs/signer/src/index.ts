export {
  SIGNING_KINDS,
  VOTE_KINDS,
  protectedPosition,
  signingDigest,
  signingRequest,
  type SigningKind,
  type SigningRequest,
  type SigningRequestFields,
} from './signing-request';
export {
  ProtectionRecordError,
  SIGNING_REFUSALS,
  SignerUnavailableError,
  SigningRefusedError,
  type ProtectionProblem,
  type SigningRefusal,
} from './signer-errors';
export type { SignedDigest, Signer } from './signer';
export { InProcessSigner, type InProcessSignerOptions } from './in-process-signer';
export {
  SigningProtectionDb,
  type MergeSummary,
  type RecordOutcome,
  type SignedRecord,
  type Watermark,
} from './protection/signing-protection-db';
export {
  INTERCHANGE_FORMAT_VERSION,
  exportInterchange,
  importInterchange,
  protectionInterchangeSchema,
  type ProtectionInterchange,
} from './protection/protection-interchange';
export {
  DEFAULT_AUTH_WINDOW_MS,
  RequestAuthenticator,
  SHARED_SECRET_MIN_BYTES,
  SharedSecretError,
  authenticateRequest,
  readSharedSecretFile,
  type AuthRefusal,
} from './remote/request-auth';
export {
  SIGNER_MAX_MESSAGE_CHARS,
  SignerPattern,
  publicKeysMessageSchema,
  requestFromWire,
  signMessageBody,
  signMessageSchema,
  type PublicKeysReply,
  type SignReply,
  type WireSigningRequest,
} from './remote/signer-wire';
export { RemoteSigner, type RemoteSignerOptions } from './remote/remote-signer';
