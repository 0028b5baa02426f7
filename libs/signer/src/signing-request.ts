import {
  cdnAuthDigest,
  certificateForwardDigest,
  daProposalDigest,
  daVoteDigest,
  finalityDigest,
  proposalDigest,
  quorumVoteDigest,
  timeoutVoteDigest,
  type Bytes32,
} from '@hotshot/protocol';
import type { Hex } from 'viem';

/**
 * The kinds of message a validator key signs; each has its own domain tag in its digest (DESIGN.md section 2).
 * `da-proposal` is a leader's payload to the DA committee; `certificate` signs certificates a node forwards.
 */
export const SIGNING_KINDS = [
  'quorum-vote',
  'timeout-vote',
  'da-vote',
  'proposal',
  'da-proposal',
  'certificate',
  'finality',
  'cdn-auth',
] as const;

/** One kind of signed message. */
export type SigningKind = (typeof SIGNING_KINDS)[number];

/** The votes: for these the signer also refuses any view at or below the highest it has signed (per kind). */
export const VOTE_KINDS: ReadonlySet<SigningKind> = new Set(['quorum-vote', 'timeout-vote', 'da-vote']);

interface RequestBase {
  /** The chain the signature is for; a signer serves one chain and refuses any other. */
  readonly chainId: bigint;
  /** The 32-byte digest to sign; the signer recomputes it from the other fields and refuses a mismatch. */
  readonly digest: Bytes32;
}

/**
 * One signing request: the message kind, its view (height for finality, timestamp for CDN auth), the fields its
 * digest is made of, and the digest. The signer signs only what it can recompute, so a request labelled as one kind
 * cannot carry another kind's digest past the double-sign rules (as Web3Signer signs objects, not roots).
 */
export type SigningRequest =
  | (RequestBase & {
      readonly kind: 'quorum-vote' | 'da-vote' | 'proposal' | 'da-proposal';
      readonly view: number;
      /** The leaf commitment (quorum vote, proposal) or payload commitment (DA vote, DA proposal). */
      readonly commitment: Bytes32;
    })
  | (RequestBase & { readonly kind: 'timeout-vote'; readonly view: number; readonly highQcView: number })
  | (RequestBase & {
      readonly kind: 'certificate';
      readonly highQcView: number;
      /** The forwarded highQc's leaf commitment. */
      readonly commitment: Bytes32;
      /** The forwarded timeout certificate's view, 0 without one. */
      readonly timeoutView: number;
    })
  | (RequestBase & { readonly kind: 'finality'; readonly height: number; readonly commitment: Bytes32 })
  | (RequestBase & { readonly kind: 'cdn-auth'; readonly timestampMs: number });

/** A request without its digest: what a caller knows before `signingRequest` computes the digest. */
export type SigningRequestFields = SigningRequest extends infer R
  ? R extends SigningRequest
    ? Omit<R, 'digest'>
    : never
  : never;

/**
 * The digest `publicKey` signs for `fields`, by the protocol's digest functions (libs/protocol). CDN auth binds the
 * signing key itself, so it needs the key; the others ignore it.
 */
export function signingDigest(fields: SigningRequestFields, publicKey: Hex): Bytes32 {
  switch (fields.kind) {
    case 'quorum-vote':
      return quorumVoteDigest(fields.chainId, fields.view, fields.commitment);
    case 'da-vote':
      return daVoteDigest(fields.chainId, fields.view, fields.commitment);
    case 'proposal':
      return proposalDigest(fields.chainId, fields.view, fields.commitment);
    case 'da-proposal':
      return daProposalDigest(fields.chainId, fields.view, fields.commitment);
    case 'certificate':
      return certificateForwardDigest(fields.chainId, fields.highQcView, fields.commitment, fields.timeoutView);
    case 'timeout-vote':
      return timeoutVoteDigest(fields.chainId, fields.view, fields.highQcView);
    case 'finality':
      return finalityDigest(fields.chainId, fields.height, fields.commitment);
    case 'cdn-auth':
      return cdnAuthDigest(publicKey, fields.timestampMs);
  }
}

/** A complete request for `fields`, with the digest `publicKey` would sign. */
export function signingRequest(fields: SigningRequestFields, publicKey: Hex): SigningRequest {
  return { ...fields, digest: signingDigest(fields, publicKey) } as SigningRequest;
}

/**
 * Where a request sits in its key's record: the view, or the height for finality. CDN auth is not recorded: it is
 * bound to a timestamp the broker checks for freshness, and a node signs one at every (re)connection. Nor is a
 * certificate forward: it only attributes certificates that prove themselves, and a node forwards different ones
 * in one view (a newer TC, to a lagging peer), so there is no one digest per view to hold it to.
 */
export function protectedPosition(request: SigningRequest): number | undefined {
  switch (request.kind) {
    case 'finality':
      return request.height;
    case 'cdn-auth':
    case 'certificate':
      return undefined;
    default:
      return request.view;
  }
}
