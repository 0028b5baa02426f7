import {
  certificateForwardDigest,
  daProposalDigest as daProposalDigestOf,
  daVoteDigest,
  headerCommitment,
  leafCommitment,
  proposalDigest,
  quorumVoteDigest,
  timeoutVoteDigest,
  type Bytes32,
  type Header,
  type Leaf,
} from '@hotshot/protocol';

/*
 * Memoized commitments and digests. Every node hashes the same leaves and signs the same digests many times (a
 * leader checks the digest of every vote it counts), and ABI encoding costs tens of microseconds. The caches
 * only remember results of pure functions, so the core stays pure: the same inputs give the same outputs.
 */

const leafCommitments = new WeakMap<object, Bytes32>();
const headerCommitments = new WeakMap<Header, Bytes32>();

/** leafCommitment, remembered per leaf object. */
export function commitLeaf(leaf: Pick<Leaf, 'view' | 'header' | 'parentLeafCommitment'>): Bytes32 {
  let commitment = leafCommitments.get(leaf);
  if (commitment === undefined) {
    commitment = leafCommitment(leaf);
    leafCommitments.set(leaf, commitment);
  }
  return commitment;
}

/** headerCommitment, remembered per header object. */
export function commitHeader(header: Header): Bytes32 {
  let commitment = headerCommitments.get(header);
  if (commitment === undefined) {
    commitment = headerCommitment(header);
    headerCommitments.set(header, commitment);
  }
  return commitment;
}

/** A bounded map that forgets its oldest entry when full. */
class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      this.entries.set(key, value);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}

const digests = new BoundedMemo<Bytes32>(4096);

/** What a quorum vote for `leafCommitment` in `view` signs. */
export function quorumDigest(chainId: bigint, view: number, commitment: Bytes32): Bytes32 {
  return digests.get(`q${chainId}:${view}:${commitment}`, () => quorumVoteDigest(chainId, view, commitment));
}

/** What a timeout of `view` holding a QC of `highQcView` signs. */
export function timeoutDigest(chainId: bigint, view: number, highQcView: number): Bytes32 {
  return digests.get(`t${chainId}:${view}:${highQcView}`, () => timeoutVoteDigest(chainId, view, highQcView));
}

/** What a DA vote for `payloadCommitment` in `view` signs. */
export function daDigest(chainId: bigint, view: number, commitment: Bytes32): Bytes32 {
  return digests.get(`d${chainId}:${view}:${commitment}`, () => daVoteDigest(chainId, view, commitment));
}

/** What leader(view) signs over its proposal. */
export function proposalSigningDigest(chainId: bigint, view: number, commitment: Bytes32): Bytes32 {
  return digests.get(`p${chainId}:${view}:${commitment}`, () => proposalDigest(chainId, view, commitment));
}

/** What leader(view) signs over the payload it sends the DA committee (protocol's daProposalDigest). */
export function daProposalDigest(chainId: bigint, view: number, payloadCommitment: Bytes32): Bytes32 {
  return digests.get(`a${chainId}:${view}:${payloadCommitment}`, () =>
    daProposalDigestOf(chainId, view, payloadCommitment),
  );
}

/** What a node signs when it forwards certificates (protocol's certificateForwardDigest). */
export function certificateDigest(
  chainId: bigint,
  highQcView: number,
  highQcLeaf: Bytes32,
  timeoutView: number,
): Bytes32 {
  return digests.get(`c${chainId}:${highQcView}:${highQcLeaf}:${timeoutView}`, () =>
    certificateForwardDigest(chainId, highQcView, highQcLeaf, timeoutView),
  );
}
