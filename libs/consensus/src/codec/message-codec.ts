import {
  BLOCK_MESSAGE_HEADROOM_BYTES,
  ByteReader,
  ByteWriter,
  decodeBlockPayload,
  encodedBlockPayloadSize,
  InvalidFieldError,
  LengthOutOfRangeError,
  SIGNATURE_BYTES,
  UNBOUNDED,
  UnencodableValueError,
  type BlockBounds,
  type BlockPayload,
  writeSizedBlockPayload,
} from '@hotshot/protocol';
import type { ConsensusMessage, ConsensusMessageKind, ProposalMessage } from '../types/messages';
import {
  readDaCertificate,
  readLeaf,
  readQc,
  readTc,
  writeDaCertificate,
  writeLeaf,
  writeQc,
  writeTc,
} from './certificate-codec';
import { UnknownMessageKindError, UnsupportedVersionError } from './codec-errors';

/** The wire version this node speaks. */
export const CONSENSUS_WIRE_VERSION = 1;

/** The tag byte of each message kind. */
export const MESSAGE_KIND_TAG: Readonly<Record<ConsensusMessageKind, number>> = {
  Proposal: 1,
  QuorumVote: 2,
  TimeoutVote: 3,
  DaProposal: 4,
  DaVote: 5,
  Certificate: 6,
};

const HAS_PAYLOAD = 1;
const HAS_DA_CERTIFICATE = 2;
const HAS_TIMEOUT_CERTIFICATE = 4;

/**
 * Encodes a consensus message. The wire form, integers big-endian:
 *
 *   uint8 version (1), uint8 kind, uint32 sender, 96-byte signature, then the body of the kind:
 *   Proposal     leaf, uint8 flags (1 payload, 2 DA certificate, 4 TC), [uint32 length, payload], [da], [tc]
 *   QuorumVote   uint64 view, bytes32 leafCommitment
 *   TimeoutVote  uint64 view, qc highQc
 *   DaProposal   uint64 view, uint32 length, payload
 *   DaVote       uint64 view, bytes32 payloadCommitment
 *   Certificate  qc highQc, uint8 hasTc, [tc]
 *
 * Payloads use protocol's block payload encoding; certificates, leaves and headers are in certificate-codec.
 * Throws UnencodableValueError for a field out of range (a local bug).
 */
export function encodeConsensusMessage(message: ConsensusMessage): Uint8Array {
  const w = writerFor(message);
  w.u8(CONSENSUS_WIRE_VERSION, 'version');
  w.u8(MESSAGE_KIND_TAG[message.kind], 'kind');
  w.u32(message.sender, 'sender');
  if (message.signature.length !== SIGNATURE_BYTES) throw new UnencodableValueError('signature', 'is not 96 bytes');
  w.raw(message.signature);
  switch (message.kind) {
    case 'Proposal':
      writeProposalBody(w, message);
      break;
    case 'QuorumVote':
      w.u64(message.view, 'view');
      w.bytes32(message.leafCommitment, 'leaf commitment');
      break;
    case 'TimeoutVote':
      w.u64(message.view, 'view');
      writeQc(w, message.highQc);
      break;
    case 'DaProposal':
      w.u64(message.view, 'view');
      writeSizedBlockPayload(w, message.payload);
      break;
    case 'DaVote':
      w.u64(message.view, 'view');
      w.bytes32(message.payloadCommitment, 'payload commitment');
      break;
    case 'Certificate':
      writeQc(w, message.highQc);
      w.u8(message.timeoutCertificate ? 1 : 0, 'has tc');
      if (message.timeoutCertificate) writeTc(w, message.timeoutCertificate);
      break;
  }
  return w.finish();
}

/**
 * Decodes a consensus message from untrusted bytes. Payloads are checked against `bounds` before they are
 * allocated. Throws only DecodeError subclasses, so the caller can drop the bytes and penalize the peer.
 */
export function decodeConsensusMessage(bytes: Uint8Array, bounds: BlockBounds = UNBOUNDED): ConsensusMessage {
  const r = new ByteReader(bytes, 'consensus message');
  const version = r.u8('version');
  if (version !== CONSENSUS_WIRE_VERSION) throw new UnsupportedVersionError(version);
  const tag = r.u8('kind');
  const sender = r.u32('sender');
  const signature = r.copy(SIGNATURE_BYTES, 'signature');
  let message: ConsensusMessage;
  switch (tag) {
    case MESSAGE_KIND_TAG.Proposal:
      message = readProposalBody(r, bounds, sender, signature);
      break;
    case MESSAGE_KIND_TAG.QuorumVote:
      message = {
        kind: 'QuorumVote',
        view: r.u64('view'),
        leafCommitment: r.bytes32('leaf commitment'),
        sender,
        signature,
      };
      break;
    case MESSAGE_KIND_TAG.TimeoutVote:
      message = { kind: 'TimeoutVote', view: r.u64('view'), highQc: readQc(r), sender, signature };
      break;
    case MESSAGE_KIND_TAG.DaProposal:
      message = { kind: 'DaProposal', view: r.u64('view'), payload: readPayload(r, bounds), sender, signature };
      break;
    case MESSAGE_KIND_TAG.DaVote:
      message = {
        kind: 'DaVote',
        view: r.u64('view'),
        payloadCommitment: r.bytes32('payload commitment'),
        sender,
        signature,
      };
      break;
    case MESSAGE_KIND_TAG.Certificate: {
      const highQc = readQc(r);
      const timeoutCertificate = r.bool('has tc') ? readTc(r) : undefined;
      message = {
        kind: 'Certificate',
        highQc,
        ...(timeoutCertificate ? { timeoutCertificate } : {}),
        sender,
        signature,
      };
      break;
    }
    default:
      throw new UnknownMessageKindError(tag);
  }
  r.end();
  return message;
}

function writeProposalBody(w: ByteWriter, message: ProposalMessage): void {
  writeLeaf(w, message.leaf);
  const flags =
    (message.payload ? HAS_PAYLOAD : 0) |
    (message.daCertificate ? HAS_DA_CERTIFICATE : 0) |
    (message.timeoutCertificate ? HAS_TIMEOUT_CERTIFICATE : 0);
  w.u8(flags, 'flags');
  if (message.payload) writeSizedBlockPayload(w, message.payload);
  if (message.daCertificate) writeDaCertificate(w, message.daCertificate);
  if (message.timeoutCertificate) writeTc(w, message.timeoutCertificate);
}

function readProposalBody(r: ByteReader, bounds: BlockBounds, sender: number, signature: Uint8Array): ProposalMessage {
  const leaf = readLeaf(r);
  const flags = r.u8('flags');
  if (flags & ~(HAS_PAYLOAD | HAS_DA_CERTIFICATE | HAS_TIMEOUT_CERTIFICATE)) {
    throw new InvalidFieldError('proposal flags', flags, 'only bits 0-2');
  }
  const payload = flags & HAS_PAYLOAD ? readPayload(r, bounds) : undefined;
  const daCertificate = flags & HAS_DA_CERTIFICATE ? readDaCertificate(r) : undefined;
  const timeoutCertificate = flags & HAS_TIMEOUT_CERTIFICATE ? readTc(r) : undefined;
  return {
    kind: 'Proposal',
    leaf,
    ...(payload ? { payload } : {}),
    ...(daCertificate ? { daCertificate } : {}),
    ...(timeoutCertificate ? { timeoutCertificate } : {}),
    sender,
    signature,
  };
}

/** A writer sized for `message`: its payload plus headroom, or the default for a message without one. */
function writerFor(message: ConsensusMessage): ByteWriter {
  const payload = message.kind === 'Proposal' || message.kind === 'DaProposal' ? message.payload : undefined;
  return payload ? new ByteWriter(BLOCK_MESSAGE_HEADROOM_BYTES + encodedBlockPayloadSize(payload)) : new ByteWriter();
}

function readPayload(r: ByteReader, bounds: BlockBounds): BlockPayload {
  const length = r.u32('payload length');
  if (length > r.remaining) throw new LengthOutOfRangeError('payload', length, r.remaining);
  // A view, not a copy: decodeBlockPayload copies the payload once, so one copy is enough.
  return decodeBlockPayload(r.view(length, 'payload'), bounds);
}
