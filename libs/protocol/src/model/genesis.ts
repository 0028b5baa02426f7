import { zeroHash } from 'viem';
import { leafCommitment } from '../commitments/header';
import type { Header, Leaf, QuorumCertificate } from './types';

/** keccak256(abi.encode(NamespaceEntry[])) of the empty table: the payload commitment of an empty block. */
export const EMPTY_PAYLOAD_COMMITMENT = '0x569e75fc77c1a856f6daaf9e69d8a9566ca34aa47f9133711ce065a571af0cfd' as const;

/** The header at height 0, fixed by the chain id alone so every node derives the same one. */
export function genesisHeader(chainId: bigint): Header {
  return {
    chainId,
    height: 0,
    timestamp: 0,
    l1Head: 0,
    parentCommitment: zeroHash,
    payloadCommitment: EMPTY_PAYLOAD_COMMITMENT,
    payloadSize: 0,
  };
}

/**
 * The leaf at view 0. Its justifyQc is the implicit genesis certificate (view 0, no signers), which every node
 * accepts without a signature check; the QC that certifies genesis itself is this same implicit one.
 */
export function genesisLeaf(chainId: bigint): Leaf {
  const base = { view: 0, header: genesisHeader(chainId), parentLeafCommitment: zeroHash };
  return { ...base, justifyQc: genesisQc(leafCommitment(base)) };
}

/** The implicit certificate for the genesis leaf: view 0, empty signer set, empty signature. */
export function genesisQc(genesisLeafCommitment: `0x${string}`): QuorumCertificate {
  return {
    view: 0,
    leafCommitment: genesisLeafCommitment,
    certificate: { signers: new Uint8Array(0), signature: new Uint8Array(0) },
  };
}
