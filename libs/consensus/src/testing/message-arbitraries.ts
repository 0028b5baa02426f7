import { buildBlockPayload, type Certificate, type Leaf, type QuorumCertificate } from '@hotshot/protocol';
import fc from 'fast-check';
import { bytesToHex } from 'viem';
import type { ConsensusMessage } from '../types/messages';

/** Arbitraries of well-formed consensus messages, for codec round trips and fuzzing. */
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => bytesToHex(bytes));
const view = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const smallView = fc.nat({ max: 1_000_000 });
const sender = fc.nat({ max: 0xffff_ffff });
const signature = fc.uint8Array({ minLength: 96, maxLength: 96 });

const certificate: fc.Arbitrary<Certificate> = fc.record({
  signers: fc.uint8Array({ maxLength: 16 }),
  signature: fc.oneof(fc.constant(new Uint8Array(0)), signature),
});

const qc: fc.Arbitrary<QuorumCertificate> = fc.record({ view, leafCommitment: bytes32, certificate });

const tc = fc.record({ view, highQcViews: fc.array(smallView, { maxLength: 8 }), certificate });

const da = fc.record({ view, payloadCommitment: bytes32, certificate });

const leaf: fc.Arbitrary<Leaf> = fc.record({
  view,
  header: fc.record({
    chainId: fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn }),
    height: view,
    timestamp: view,
    l1Head: view,
    parentCommitment: bytes32,
    payloadCommitment: bytes32,
    payloadSize: fc.nat({ max: 0xffff_ffff }),
  }),
  parentLeafCommitment: bytes32,
  justifyQc: qc,
});

const payload = fc
  .array(fc.record({ namespace: fc.nat({ max: 5 }), payload: fc.uint8Array({ maxLength: 24 }) }), { maxLength: 4 })
  .map((txs) => buildBlockPayload(txs, { maxTxBytes: 1_000, maxBlockBytes: 100_000, maxBlockTxs: 100 }));

/** Any consensus message. */
export const consensusMessageArb: fc.Arbitrary<ConsensusMessage> = fc.oneof(
  fc
    .record({
      leaf,
      payload: fc.option(payload, { nil: undefined }),
      daCertificate: fc.option(da, { nil: undefined }),
      timeoutCertificate: fc.option(tc, { nil: undefined }),
      sender,
      signature,
    })
    .map(({ payload: p, daCertificate, timeoutCertificate, ...rest }) => ({
      kind: 'Proposal' as const,
      ...rest,
      ...(p ? { payload: p } : {}),
      ...(daCertificate ? { daCertificate } : {}),
      ...(timeoutCertificate ? { timeoutCertificate } : {}),
    })),
  fc.record({ kind: fc.constant('QuorumVote' as const), view, leafCommitment: bytes32, sender, signature }),
  fc.record({ kind: fc.constant('TimeoutVote' as const), view, highQc: qc, sender, signature }),
  fc.record({ kind: fc.constant('DaProposal' as const), view, payload, sender, signature }),
  fc.record({ kind: fc.constant('DaVote' as const), view, payloadCommitment: bytes32, sender, signature }),
  fc
    .record({ highQc: qc, timeoutCertificate: fc.option(tc, { nil: undefined }), sender, signature })
    .map(({ timeoutCertificate, ...rest }) => ({
      kind: 'Certificate' as const,
      ...rest,
      ...(timeoutCertificate ? { timeoutCertificate } : {}),
    })),
);
