import type { Bytes32 } from '@hotshot/protocol';
import { concatHex, encodeAbiParameters, keccak256, stringToHex, type Address } from 'viem';
import type { BlsBackend } from '../bls/backend';
import { signDigest, verifyDigest, type BlsKeyPair } from '../bls/bls';
import { toEip2537G1 } from '../bls/eip2537';
import { blsBackend } from '../bls/select-backend';

/**
 * keccak256("hotshot.proof-of-possession"): the domain tag of the digest a key signs to enter StakeTable.sol
 * (its `POP_TAG`), so no other signed message of the protocol can pass for a proof of possession.
 */
export const PROOF_OF_POSSESSION_TAG: Bytes32 = keccak256(stringToHex('hotshot.proof-of-possession'));

/** Where a proof of possession is valid: one L1 chain, one StakeTable contract, one registering account. */
export interface ProofOfPossessionContext {
  /** The L1 chain id (`block.chainid` where StakeTable.sol runs). */
  readonly chainId: bigint;
  /** The StakeTable contract's address. */
  readonly stakeTable: Address;
  /** The account that sends `register` (`msg.sender`). */
  readonly account: Address;
}

/** A key's signature over its proof-of-possession digest. */
export interface ProofOfPossession {
  /** The digest signed: what StakeTable.proofOfPossessionDigest returns for the same context and key. */
  readonly digest: Bytes32;
  /** The 96-byte compressed G2 signature (`toEip2537G2` gives the form `register` takes). */
  readonly signature: Uint8Array;
}

/**
 * keccak256(abi.encode(PROOF_OF_POSSESSION_TAG, chainId, stakeTable, account, publicKey)) for a compressed G1
 * `publicKey`, which is encoded as its EIP-2537 form (`BLS.G1Point`, four words), exactly as StakeTable.sol hashes it.
 * The chain id takes one word, as in every digest of DESIGN.md section 2. Throws InvalidKeyMaterialError for a key
 * that does not decode.
 */
export function proofOfPossessionDigest(publicKey: Uint8Array, context: ProofOfPossessionContext): Bytes32 {
  const fields = encodeAbiParameters(
    [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'address' }],
    [PROOF_OF_POSSESSION_TAG, context.chainId, context.stakeTable, context.account],
  );
  // A static struct ABI-encodes in place, so the key's 128 EIP-2537 bytes simply follow the other words.
  return keccak256(concatHex([fields, toEip2537G1(publicKey)]));
}

/** Signs `keyPair`'s proof of possession for registering it in `context`'s StakeTable from `context.account`. */
export function signProofOfPossession(
  keyPair: BlsKeyPair,
  context: ProofOfPossessionContext,
  backend: BlsBackend = blsBackend(),
): ProofOfPossession {
  const digest = proofOfPossessionDigest(keyPair.publicKey, context);
  return { digest, signature: signDigest(keyPair.secretKey, digest, backend) };
}

/** Whether `signature` proves possession of `publicKey` in `context`; false for bytes that do not decode. */
export function verifyProofOfPossession(
  publicKey: Uint8Array,
  context: ProofOfPossessionContext,
  signature: Uint8Array,
  backend: BlsBackend = blsBackend(),
): boolean {
  let digest: Bytes32;
  try {
    digest = proofOfPossessionDigest(publicKey, context);
  } catch {
    // A key that does not decode proves nothing.
    return false;
  }
  return verifyDigest(publicKey, digest, signature, backend);
}
