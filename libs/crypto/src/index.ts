export {
  BLS_DST,
  aggregatePublicKeys,
  aggregateSignatures,
  demoKeyPair,
  generateKeyPair,
  publicKeyToHex,
  signDigest,
  verifyDigest,
  type BlsKeyPair,
} from './bls/bls';
export type { BlsBackend, BlsBackendName } from './bls/backend';
export { blsBackend, selectBlsBackend, type BlsBackendPreference } from './bls/select-backend';
export { InsufficientStakeError, InvalidCertificateError, InvalidKeyMaterialError } from './errors';
export { fromEip2537G1, toEip2537G1, toEip2537G2 } from './bls/eip2537';
export { bitmapToSigners, signersToBitmap } from './certificate/signer-bitmap';
export { StakeTableKeys } from './certificate/stake-table-keys';
export { assembleCertificate, assembleMultiDigestCertificate } from './certificate/assemble-certificate';
export { isValidCertificate, verifyCertificate, verifyMultiDigestCertificate } from './certificate/verify-certificate';
export {
  KeyFileError,
  assertPrivateKeyFile,
  privateFileRefusal,
  readKeyFile,
  writeKeyFile,
  writePrivateFile,
} from './key-file';
export { KeystoreError, decryptKeystore, encryptKeystore, keystorePublicKey, type Keystore } from './keystore/keystore';
export { readKeystoreFile, readKeystorePasswordFile, writeKeystoreFile } from './keystore/keystore-file';
export { renderProtocolVectors } from './vectors/protocol-vectors';
export { signProofOfPossession, type ProofOfPossessionContext } from './proof-of-possession/proof-of-possession';
export { renderProofOfPossessionVectors } from './vectors/proof-of-possession-vectors';
