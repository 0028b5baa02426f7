import { InvalidKeyMaterialError } from '../errors';

declare const publicKeyBrand: unique symbol;
declare const signatureBrand: unique symbol;

/** A decoded, validated BLS public key (G1) of one backend; only that backend can use it. */
export interface PublicKeyPoint {
  readonly [publicKeyBrand]: true;
}

/** A decoded BLS signature (G2) of one backend; only that backend can use it. */
export interface SignaturePoint {
  readonly [signatureBrand]: true;
}

/** The BLS implementations the node can run on. */
export type BlsBackendName = 'blst' | 'noble';

/**
 * BLS12-381 min-pk with the POP ciphersuite (DESIGN.md section 2), as the rest of libs/crypto sees it. Two
 * implementations sign and verify the same bytes: blst (native, through @chainsafe/blst) and @noble/curves
 * (portable). Messages are the raw bytes to hash to G2 (the protocol's 32-byte digests). No method throws on a
 * peer's bytes except the decoders, which throw InvalidKeyMaterialError.
 */
export interface BlsBackend {
  readonly name: BlsBackendName;
  /** The compressed (48-byte) public key of a 32-byte secret key already checked to be in range. */
  publicKeyOf(secretKey: Uint8Array): Uint8Array;
  /** The compressed (96-byte) signature over `message`. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** A compressed public key, subgroup-checked and never the identity. */
  decodePublicKey(bytes: Uint8Array): PublicKeyPoint;
  /** The sum of decoded public keys (at least one). */
  aggregatePublicKeys(keys: readonly PublicKeyPoint[]): PublicKeyPoint;
  /**
   * A compressed signature: a finite point on the curve, subgroup-checked when `subgroupCheck` (skipping it is
   * only for summing votes, whose aggregate the pairing check then subgroup-checks).
   */
  decodeSignature(bytes: Uint8Array, subgroupCheck: boolean): SignaturePoint;
  /** The sum of decoded signatures (at least one). */
  aggregateSignatures(signatures: readonly SignaturePoint[]): SignaturePoint;
  /** The compressed bytes of a signature. */
  encodeSignature(signature: SignaturePoint): Uint8Array;
  /** Whether `signature` (subgroup-checked here) is `publicKey`'s over `message`; false, never a throw. */
  verify(publicKey: PublicKeyPoint, message: Uint8Array, signature: SignaturePoint): boolean;
  /**
   * Whether `signature` is the aggregate of signatures by `items[k].publicKey` over `items[k].message`: one
   * pairing product with a term per item. Messages must be distinct (group keys by message first). False, never a
   * throw; false when a group's keys sum to the identity.
   */
  verifyDistinctMessages(
    signature: SignaturePoint,
    items: readonly { readonly message: Uint8Array; readonly publicKey: PublicKeyPoint }[],
  ): boolean;
}

/** The first byte of a compressed point: bit 7 compressed, bit 6 infinity, bit 5 the sign of y. */
const COMPRESSED_FLAG = 0x80;
const INFINITY_FLAG = 0x40;

/**
 * Refuses encodings that are not a compressed finite point of `length` bytes before a backend looks at them, so
 * both backends refuse the same inputs with the same error.
 */
export function assertCompressedFinite(what: 'publicKey' | 'signature', bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new InvalidKeyMaterialError(what, `expected ${length} bytes`);
  }
  if ((bytes[0] & (COMPRESSED_FLAG | INFINITY_FLAG)) !== COMPRESSED_FLAG) {
    throw new InvalidKeyMaterialError(what, 'not a compressed finite point');
  }
}
