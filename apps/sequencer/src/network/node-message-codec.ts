import { readLeaf, readQc, writeLeaf, writeQc } from '@hotshot/consensus';
import {
  BLOCK_MESSAGE_HEADROOM_BYTES,
  ByteReader,
  ByteWriter,
  InvalidFieldError,
  SIGNATURE_BYTES,
  decodeBlockPayload,
  encodedBlockPayloadSize,
  type BlockBounds,
  type BlockPayload,
  writeSizedBlockPayload,
} from '@hotshot/protocol';
import { NODE_MESSAGE_TAG, type NodeMessage } from './node-message';

/** Version byte at the front of every node message; bumped on an incompatible change. */
export const NODE_WIRE_VERSION = 1;

/** Most leaves one catch-up response may carry (a larger gap takes several rounds). */
export const MAX_LEAVES_PER_RESPONSE = 4096;

/**
 * node-message := u8 version, u8 tag, body. Bodies:
 * - consensus: the consensus bytes to the end
 * - transactions: u32 count, count x (u32 namespace, u32 length, bytes)
 * - leaves-request: u32 requestId, bytes32 leafCommitment, u64 view, u64 fromHeight
 * - leaves-response: u32 requestId, u32 count, count x (leaf, u8 hasPayload, [u32 length, block payload]),
 *   u8 hasDecideProof, [qc, leaf child]
 * - payload-request: u32 requestId, u64 height
 * - payload-response: u32 requestId, u64 height, u8 hasPayload, [u32 length, block payload]
 * - finality-signature: u64 height, bytes32 headerCommitment, 96-byte signature
 */
export function encodeNodeMessage(message: NodeMessage): Uint8Array {
  const w = new ByteWriter(sizeHint(message));
  w.u8(NODE_WIRE_VERSION, 'version');
  w.u8(NODE_MESSAGE_TAG[message.kind], 'tag');
  switch (message.kind) {
    case 'consensus':
      w.raw(message.bytes);
      break;
    case 'transactions':
      w.u32(message.transactions.length, 'transaction count');
      for (const tx of message.transactions) {
        w.u32(tx.namespace, 'namespace');
        w.u32(tx.payload.length, 'transaction length');
        w.raw(tx.payload);
      }
      break;
    case 'leaves-request':
      w.u32(message.requestId, 'request id');
      w.bytes32(message.leafCommitment, 'leaf commitment');
      w.u64(message.view, 'view');
      w.u64(message.fromHeight, 'from height');
      break;
    case 'leaves-response':
      w.u32(message.requestId, 'request id');
      w.u32(message.leaves.length, 'leaf count');
      for (const { leaf, payload } of message.leaves) {
        writeLeaf(w, leaf);
        writeOptionalPayload(w, payload);
      }
      w.u8(message.decideProof ? 1 : 0, 'has decide proof');
      if (message.decideProof) {
        writeQc(w, message.decideProof.qc);
        writeLeaf(w, message.decideProof.child);
      }
      break;
    case 'payload-request':
      w.u32(message.requestId, 'request id');
      w.u64(message.height, 'height');
      break;
    case 'payload-response':
      w.u32(message.requestId, 'request id');
      w.u64(message.height, 'height');
      writeOptionalPayload(w, message.payload);
      break;
    case 'finality-signature':
      w.u64(message.height, 'height');
      w.bytes32(message.headerCommitment, 'header commitment');
      if (message.signature.length !== SIGNATURE_BYTES) {
        throw new InvalidFieldError('finality signature length', message.signature.length, `${SIGNATURE_BYTES}`);
      }
      w.raw(message.signature);
      break;
  }
  return w.finish();
}

/**
 * Decodes a peer's bytes; throws only DecodeError subclasses (the caller drops the message and counts it). A
 * consensus body is a view into `bytes`, to be decoded before `bytes` is reused; everything else is copied.
 */
export function decodeNodeMessage(bytes: Uint8Array, bounds: BlockBounds): NodeMessage {
  const r = new ByteReader(bytes, 'node message');
  const version = r.u8('version');
  if (version !== NODE_WIRE_VERSION)
    throw new InvalidFieldError('node message version', version, `${NODE_WIRE_VERSION}`);
  const tag = r.u8('tag');
  let message: NodeMessage;
  switch (tag) {
    case NODE_MESSAGE_TAG.consensus:
      // A view: decodeConsensusMessage runs at once on it and copies what it keeps.
      return { kind: 'consensus', bytes: r.view(r.remaining, 'consensus bytes') };
    case NODE_MESSAGE_TAG.transactions: {
      const count = r.u32('transaction count');
      if (count > bounds.maxBlockTxs)
        throw new InvalidFieldError('transaction count', count, `at most maxBlockTxs ${bounds.maxBlockTxs}`);
      const transactions = [];
      for (let i = 0; i < count; i++) {
        const namespace = r.u32('namespace');
        const length = r.u32('transaction length');
        if (length > bounds.maxTxBytes)
          throw new InvalidFieldError('transaction length', length, `at most maxTxBytes ${bounds.maxTxBytes}`);
        transactions.push({ namespace, payload: r.copy(length, 'transaction') });
      }
      message = { kind: 'transactions', transactions };
      break;
    }
    case NODE_MESSAGE_TAG['leaves-request']:
      message = {
        kind: 'leaves-request',
        requestId: r.u32('request id'),
        leafCommitment: r.bytes32('leaf commitment'),
        view: r.u64('view'),
        fromHeight: r.u64('from height'),
      };
      break;
    case NODE_MESSAGE_TAG['leaves-response']: {
      const requestId = r.u32('request id');
      const count = r.u32('leaf count');
      if (count > MAX_LEAVES_PER_RESPONSE)
        throw new InvalidFieldError('leaf count', count, `at most ${MAX_LEAVES_PER_RESPONSE}`);
      const leaves = [];
      for (let i = 0; i < count; i++) {
        const leaf = readLeaf(r);
        const payload = readOptionalPayload(r, bounds);
        leaves.push(payload ? { leaf, payload } : { leaf });
      }
      const hasProof = r.u8('has decide proof');
      if (hasProof > 1) throw new InvalidFieldError('has decide proof', hasProof, '0 or 1');
      message =
        hasProof === 1
          ? { kind: 'leaves-response', requestId, leaves, decideProof: { qc: readQc(r), child: readLeaf(r) } }
          : { kind: 'leaves-response', requestId, leaves };
      break;
    }
    case NODE_MESSAGE_TAG['payload-request']:
      message = { kind: 'payload-request', requestId: r.u32('request id'), height: r.u64('height') };
      break;
    case NODE_MESSAGE_TAG['payload-response']: {
      const requestId = r.u32('request id');
      const height = r.u64('height');
      const payload = readOptionalPayload(r, bounds);
      message = payload
        ? { kind: 'payload-response', requestId, height, payload }
        : { kind: 'payload-response', requestId, height };
      break;
    }
    case NODE_MESSAGE_TAG['finality-signature']:
      message = {
        kind: 'finality-signature',
        height: r.u64('height'),
        headerCommitment: r.bytes32('header commitment'),
        signature: r.copy(SIGNATURE_BYTES, 'signature'),
      };
      break;
    default:
      throw new InvalidFieldError('node message tag', tag, 'a known tag');
  }
  r.end();
  return message;
}

function writeOptionalPayload(w: ByteWriter, payload: BlockPayload | undefined): void {
  if (!payload) {
    w.u8(0, 'has payload');
    return;
  }
  w.u8(1, 'has payload');
  writeSizedBlockPayload(w, payload);
}

/**
 * The size to give a message's writer: exact for consensus bytes and transactions, payloads plus headroom for
 * replies, so that a message carrying a block is allocated once and never grows.
 */
function sizeHint(message: NodeMessage): number {
  switch (message.kind) {
    case 'consensus':
      return 2 + message.bytes.length;
    case 'transactions':
      return 6 + message.transactions.reduce((sum, tx) => sum + 8 + tx.payload.length, 0);
    case 'leaves-response':
      return message.leaves.reduce(
        (sum, { payload }) => sum + BLOCK_MESSAGE_HEADROOM_BYTES + (payload ? encodedBlockPayloadSize(payload) : 0),
        BLOCK_MESSAGE_HEADROOM_BYTES,
      );
    case 'payload-response':
      return BLOCK_MESSAGE_HEADROOM_BYTES + (message.payload ? encodedBlockPayloadSize(message.payload) : 0);
    default:
      return 256;
  }
}

function readOptionalPayload(r: ByteReader, bounds: BlockBounds): BlockPayload | undefined {
  const has = r.u8('has payload');
  if (has === 0) return undefined;
  if (has !== 1) throw new InvalidFieldError('has payload', has, '0 or 1');
  const length = r.u32('payload length');
  // A view: decodeBlockPayload copies the payload once.
  return decodeBlockPayload(r.view(length, 'payload'), bounds);
}
