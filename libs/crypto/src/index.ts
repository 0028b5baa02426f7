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
export { InvalidKeyMaterialError } from './errors';
