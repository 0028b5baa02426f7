import type { Bytes32 } from '@hotshot/protocol';
import { bytesToHex, type Address, type Hex } from 'viem';
import { demoKeyPair } from '../bls/bls';
import { toEip2537G1, toEip2537G2 } from '../bls/eip2537';
import { signProofOfPossession, type ProofOfPossessionContext } from '../proof-of-possession/proof-of-possession';

/**
 * Proofs of possession made by TypeScript (contracts/test/fixtures/proof-of-possession-vectors.json), which
 * contracts/test/StakeTable.PopVectors.t.sol submits to a StakeTable deployed at `stakeTable` on chain `chainId`:
 * each valid one registers from `account`, and each refused one, bound to another account, contract or chain or
 * made by another key, reverts. Deterministic: demo keys, fixed addresses.
 */
export interface ProofOfPossessionVectors {
  readonly chainId: string;
  readonly stakeTable: Address;
  readonly account: Address;
  /** Proofs for `account` at `stakeTable` on `chainId`, with the digest both sides must compute. */
  readonly valid: readonly {
    publicKey: Hex;
    publicKeyG1: Hex;
    digest: Bytes32;
    signature: Hex;
    signatureG2: Hex;
  }[];
  /** Proofs that `account` submits with `publicKeyG1` and that must be refused, with why. */
  readonly refused: readonly { reason: string; publicKeyG1: Hex; signatureG2: Hex }[];
}

const SEED = 'hotshot-ts proof-of-possession vectors';
/** Anvil's first account deploying its first contract: what a demo deployment would see. */
const CONTEXT: ProofOfPossessionContext = {
  chainId: 31_337n,
  stakeTable: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
};

/** Builds the vectors; the same output on every run and machine. */
export function buildProofOfPossessionVectors(): ProofOfPossessionVectors {
  const keys = [0, 1, 2].map((i) => demoKeyPair(SEED, i));
  const valid = keys.map((key) => {
    const { digest, signature } = signProofOfPossession(key, CONTEXT);
    return {
      publicKey: bytesToHex(key.publicKey),
      publicKeyG1: toEip2537G1(key.publicKey),
      digest,
      signature: bytesToHex(signature),
      signatureG2: toEip2537G2(signature),
    };
  });
  // A fresh key for the refusals, so none of them is a key the valid vectors register.
  const key = demoKeyPair(SEED, 3);
  const refusal = (reason: string, context: ProofOfPossessionContext, signer = key) => ({
    reason,
    publicKeyG1: toEip2537G1(key.publicKey),
    signatureG2: toEip2537G2(
      signProofOfPossession({ secretKey: signer.secretKey, publicKey: key.publicKey }, context).signature,
    ),
  });
  return {
    chainId: CONTEXT.chainId.toString(),
    stakeTable: CONTEXT.stakeTable,
    account: CONTEXT.account,
    valid,
    refused: [
      refusal('bound to another account', { ...CONTEXT, account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' }),
      refusal('bound to another contract', { ...CONTEXT, stakeTable: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' }),
      refusal('bound to another chain', { ...CONTEXT, chainId: 1n }),
      refusal('signed by another key', CONTEXT, keys[0]),
    ],
  };
}

/** The vectors as the JSON text the fixture file holds. */
export function renderProofOfPossessionVectors(
  vectors: ProofOfPossessionVectors = buildProofOfPossessionVectors(),
): string {
  return `${JSON.stringify(vectors, null, 2)}\n`;
}
