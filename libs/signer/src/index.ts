export { signingRequest, type SigningKind, type SigningRequest, type SigningRequestFields } from './signing-request';
export {
  ProtectionRecordError,
  SignerUnavailableError,
  SigningRefusedError,
  type SigningRefusal,
} from './signer-errors';
export type { SignedDigest, Signer } from './signer';
export { InProcessSigner } from './in-process-signer';
export { SigningProtectionDb, type SignedRecord } from './protection/signing-protection-db';
export { exportInterchange, importInterchange } from './protection/protection-interchange';
export {
  RequestAuthenticator,
  SharedSecretError,
  authenticateRequest,
  readSharedSecretFile,
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
} from './remote/signer-wire';
export { RemoteSigner } from './remote/remote-signer';
