export {
  BLS_DST,
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  aggregatePublicKeys,
  aggregateSignatures,
  demoKeyPair,
  generateKeyPair,
  keyPairFromSecretKey,
  publicKeyToHex,
  signDigest,
  verifyDigest,
  type BlsKeyPair,
} from './bls/bls';
export type { BlsBackend, BlsBackendName } from './bls/backend';
export { nobleBackend } from './bls/noble-backend';
export {
  BLS_BACKEND_PREFERENCES,
  BlsBackendUnavailableError,
  blsBackend,
  nativeBlsBackend,
  selectBlsBackend,
  type BlsBackendPreference,
  type BlsBackendSelection,
} from './bls/select-backend';
export {
  DuplicateSignerError,
  InsufficientStakeError,
  InvalidBitmapError,
  InvalidCertificateError,
  InvalidKeyMaterialError,
  InvalidStakeTableError,
  UnknownSignerError,
  type InvalidCertificateReason,
} from './errors';
export { toEip2537G1, toEip2537G2 } from './bls/eip2537';
export { bitmapLength, bitmapToSigners, signersToBitmap } from './certificate/signer-bitmap';
export { StakeTableKeys } from './certificate/stake-table-keys';
export {
  assembleCertificate,
  assembleMultiDigestCertificate,
  type AssembledCertificate,
  type SignedDigestVote,
  type SignedVote,
} from './certificate/assemble-certificate';
export {
  isValidCertificate,
  verifyCertificate,
  verifyMultiDigestCertificate,
  verifyVote,
} from './certificate/verify-certificate';
export { KeyFileError, assertPrivateKeyFile, readKeyFile, writeKeyFile, type KeyFileProblem } from './key-file';
export { buildProtocolVectors, renderProtocolVectors, type ProtocolVectors } from './vectors/protocol-vectors';
