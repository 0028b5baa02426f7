// BLS12-381 in the min-pk setting (DESIGN.md section 2): the sizes every codec and key check uses, defined once here
// so that the pure codecs need not import the crypto library for two numbers.

/** Bytes of a compressed G1 public key. */
export const PUBLIC_KEY_BYTES = 48;
/** Bytes of a compressed G2 signature, one signer's or an aggregate. */
export const SIGNATURE_BYTES = 96;
