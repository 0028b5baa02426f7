import {
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  UnencodableValueError,
  readU16,
  readU32,
  readU64,
  writeU16,
  writeU32,
  writeU64,
} from '@hotshot/protocol';
import { FRAME_HEADER_BYTES, LENGTH_PREFIX_BYTES } from './frame-decoder';
import { FrameKind, MAX_TOPIC, isFrameKind, type Topic } from './frame-kind';
import type { BroadcastMessage, CdnMessage, DirectMessage } from './messages';
import { MalformedFrameError, UnknownFrameKindError } from './wire-errors';
import { decodeWelcomeBody, encodeWelcomeBody } from './welcome-codec';

/** Body bytes of an Authenticate frame: public key, uint64 timestamp, signature. */
export const AUTHENTICATE_BODY_BYTES = PUBLIC_KEY_BYTES + 8 + SIGNATURE_BYTES;
/** Offset of the sender index inside a Broadcast frame (prefix included); the broker stamps it in place. */
export const BROADCAST_SENDER_OFFSET = FRAME_HEADER_BYTES;
/** Offset of the payload inside a Broadcast frame: after sender u32 and topics u32. */
export const BROADCAST_PAYLOAD_OFFSET = FRAME_HEADER_BYTES + 8;
/** Offset of the sender index inside a Direct frame: after the 48-byte recipient key. */
export const DIRECT_SENDER_OFFSET = FRAME_HEADER_BYTES + PUBLIC_KEY_BYTES;
/** Offset of the payload inside a Direct frame. */
export const DIRECT_PAYLOAD_OFFSET = DIRECT_SENDER_OFFSET + 4;
/** Longest Error message carried, in UTF-8 bytes; longer messages are cut. */
export const MAX_ERROR_MESSAGE_BYTES = 1024;
/** Bytes of a one-time permit (Redirect, Permit). */
export const PERMIT_LENGTH = 32;
/** Longest broker endpoint a Redirect carries, in UTF-8 bytes. */
export const MAX_ENDPOINT_BYTES = 255;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** The topic bit mask for a list of topics (0..31). */
export function topicMask(topics: Topic | readonly Topic[]): number {
  let mask = 0;
  for (const topic of typeof topics === 'number' ? [topics] : topics) {
    if (!Number.isInteger(topic) || topic < 0 || topic > MAX_TOPIC) {
      throw new UnencodableValueError('topic', `must be an integer in 0..${MAX_TOPIC}`, topic);
    }
    mask |= 1 << topic;
  }
  return mask >>> 0;
}

/** The topics named by a bit mask, ascending. */
export function topicsOfMask(mask: number): Topic[] {
  const topics: Topic[] = [];
  for (let topic = 0; topic <= MAX_TOPIC; topic++) if ((mask >>> topic) & 1) topics.push(topic);
  return topics;
}

function allocFrame(kind: FrameKind, bodyLength: number): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + bodyLength);
  writeU32(frame, 0, 1 + bodyLength);
  frame[LENGTH_PREFIX_BYTES] = kind;
  return frame;
}

function checkMask(mask: number): void {
  if (!Number.isInteger(mask) || mask <= 0 || mask > 0xffffffff) {
    throw new UnencodableValueError('topics', 'must be a non-empty uint32 bit mask', mask);
  }
}

/** A Broadcast frame for `bytes` on the topics in `mask`; the payload is copied once, here. */
export function encodeBroadcast(mask: number, bytes: Uint8Array, sender = 0): Uint8Array {
  const frame = new Uint8Array(BROADCAST_PAYLOAD_OFFSET + bytes.length);
  writeBroadcastInto(frame, 0, mask, bytes);
  if (sender !== 0) writeU32(frame, BROADCAST_SENDER_OFFSET, sender);
  return frame;
}

/** A Direct frame for `bytes` to the node with public key `recipient`. */
export function encodeDirect(recipient: Uint8Array, bytes: Uint8Array, sender = 0): Uint8Array {
  if (recipient.length !== PUBLIC_KEY_BYTES) {
    throw new UnencodableValueError('recipient', `expected a ${PUBLIC_KEY_BYTES}-byte public key`, recipient.length);
  }
  const frame = allocFrame(FrameKind.Direct, PUBLIC_KEY_BYTES + 4 + bytes.length);
  frame.set(recipient, FRAME_HEADER_BYTES);
  writeU32(frame, DIRECT_SENDER_OFFSET, sender);
  frame.set(bytes, DIRECT_PAYLOAD_OFFSET);
  return frame;
}

/** Encodes any message as one frame: `uint32 length | uint8 kind | body`. */
export function encodeFrame(message: CdnMessage): Uint8Array {
  switch (message.kind) {
    case FrameKind.Authenticate: {
      if (message.publicKey.length !== PUBLIC_KEY_BYTES || message.signature.length !== SIGNATURE_BYTES) {
        throw new UnencodableValueError('authenticate', 'public key must be 48 bytes and signature 96 bytes');
      }
      if (!Number.isSafeInteger(message.timestampMs) || message.timestampMs < 0) {
        throw new UnencodableValueError('timestampMs', 'not a non-negative safe integer', message.timestampMs);
      }
      const frame = allocFrame(message.kind, AUTHENTICATE_BODY_BYTES);
      frame.set(message.publicKey, FRAME_HEADER_BYTES);
      writeU64(frame, FRAME_HEADER_BYTES + PUBLIC_KEY_BYTES, BigInt(message.timestampMs));
      frame.set(message.signature, FRAME_HEADER_BYTES + PUBLIC_KEY_BYTES + 8);
      return frame;
    }
    case FrameKind.Authenticated: {
      const frame = allocFrame(message.kind, 16);
      writeU32(frame, FRAME_HEADER_BYTES, message.nodeIndex);
      writeU32(frame, FRAME_HEADER_BYTES + 4, message.joined);
      writeU32(frame, FRAME_HEADER_BYTES + 8, message.expected);
      writeU32(frame, FRAME_HEADER_BYTES + 12, message.maxFrameBytes);
      return frame;
    }
    case FrameKind.Redirect: {
      checkPermit(message.permit);
      const endpoint = utf8Encoder.encode(message.endpoint);
      if (endpoint.length === 0 || endpoint.length > MAX_ENDPOINT_BYTES) {
        throw new UnencodableValueError('endpoint', `must be 1..${MAX_ENDPOINT_BYTES} UTF-8 bytes`, message.endpoint);
      }
      const frame = allocFrame(message.kind, PERMIT_LENGTH + endpoint.length);
      frame.set(message.permit, FRAME_HEADER_BYTES);
      frame.set(endpoint, FRAME_HEADER_BYTES + PERMIT_LENGTH);
      return frame;
    }
    case FrameKind.Permit: {
      checkPermit(message.permit);
      const frame = allocFrame(message.kind, PERMIT_LENGTH);
      frame.set(message.permit, FRAME_HEADER_BYTES);
      return frame;
    }
    case FrameKind.Welcome: {
      const body = encodeWelcomeBody(message.nodeIndex, message.config, message.stakeTable);
      const frame = allocFrame(message.kind, body.length);
      frame.set(body, FRAME_HEADER_BYTES);
      return frame;
    }
    case FrameKind.Broadcast:
      return encodeBroadcast(message.topics, message.bytes, message.sender);
    case FrameKind.Direct:
      return encodeDirect(message.recipient, message.bytes, message.sender);
    case FrameKind.Subscribe:
    case FrameKind.Unsubscribe: {
      checkMask(message.topics);
      const frame = allocFrame(message.kind, 4);
      writeU32(frame, FRAME_HEADER_BYTES, message.topics);
      return frame;
    }
    case FrameKind.Ping:
    case FrameKind.Pong:
      return allocFrame(message.kind, 0);
    case FrameKind.Error: {
      let text = utf8Encoder.encode(message.message);
      if (text.length > MAX_ERROR_MESSAGE_BYTES) text = utf8Encoder.encode(cutUtf8(message.message));
      const frame = allocFrame(message.kind, 2 + text.length);
      writeU16(frame, FRAME_HEADER_BYTES, message.code);
      frame.set(text, FRAME_HEADER_BYTES + 2);
      return frame;
    }
  }
}

function checkPermit(permit: Uint8Array): void {
  if (permit.length !== PERMIT_LENGTH) {
    throw new UnencodableValueError('permit', `expected ${PERMIT_LENGTH} bytes`, permit.length);
  }
}

function cutUtf8(text: string): string {
  let cut = text.slice(0, MAX_ERROR_MESSAGE_BYTES);
  while (utf8Encoder.encode(cut).length > MAX_ERROR_MESSAGE_BYTES) cut = cut.slice(0, -1);
  return cut;
}

/**
 * Decodes one whole frame (length prefix included, as FrameDecoder hands it out). Payloads are views into
 * `frame`, not copies. Throws UnknownFrameKindError or MalformedFrameError; never anything else. Each kind's body
 * length is checked once against its fixed layout before the unchecked offset reads, instead of a cursor that
 * checks every field: this runs for every frame the broker and every client receive.
 */
export function decodeFrame(frame: Uint8Array): CdnMessage {
  if (frame.length < FRAME_HEADER_BYTES || readU32(frame, 0) !== frame.length - LENGTH_PREFIX_BYTES) {
    throw new MalformedFrameError(0, 'length prefix does not match the frame', { length: frame.length });
  }
  const kind = frame[LENGTH_PREFIX_BYTES];
  if (!isFrameKind(kind)) throw new UnknownFrameKindError(kind);
  const bodyLength = frame.length - FRAME_HEADER_BYTES;
  const h = FRAME_HEADER_BYTES;
  // No closures in here: this runs for every frame the broker and every client receive.
  switch (kind) {
    case FrameKind.Authenticate: {
      expectBodyLength(kind, bodyLength, AUTHENTICATE_BODY_BYTES);
      const timestamp = readU64(frame, h + PUBLIC_KEY_BYTES);
      if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new MalformedFrameError(kind, 'timestamp beyond 2^53 ms', { timestamp: timestamp.toString() });
      }
      return {
        kind,
        publicKey: frame.subarray(h, h + PUBLIC_KEY_BYTES),
        timestampMs: Number(timestamp),
        signature: frame.subarray(h + PUBLIC_KEY_BYTES + 8, h + AUTHENTICATE_BODY_BYTES),
      };
    }
    case FrameKind.Authenticated:
      expectBodyLength(kind, bodyLength, 16);
      return {
        kind,
        nodeIndex: readU32(frame, h),
        joined: readU32(frame, h + 4),
        expected: readU32(frame, h + 8),
        maxFrameBytes: readU32(frame, h + 12),
      };
    case FrameKind.Redirect: {
      expectBodyAtLeast(kind, bodyLength, PERMIT_LENGTH + 1);
      if (bodyLength - PERMIT_LENGTH > MAX_ENDPOINT_BYTES) {
        throw new MalformedFrameError(kind, 'endpoint too long', { bytes: bodyLength - PERMIT_LENGTH });
      }
      return {
        kind,
        permit: frame.subarray(h, h + PERMIT_LENGTH),
        endpoint: utf8Decoder.decode(frame.subarray(h + PERMIT_LENGTH)),
      };
    }
    case FrameKind.Permit:
      expectBodyLength(kind, bodyLength, PERMIT_LENGTH);
      return { kind, permit: frame.subarray(h, h + PERMIT_LENGTH) };
    case FrameKind.Welcome:
      return { kind, ...decodeWelcomeBody(frame.subarray(h)) };
    case FrameKind.Broadcast: {
      expectBodyAtLeast(kind, bodyLength, 8);
      const topics = readU32(frame, h + 4);
      if (topics === 0) throw new MalformedFrameError(kind, 'no topics');
      return {
        kind,
        sender: readU32(frame, BROADCAST_SENDER_OFFSET),
        topics,
        bytes: frame.subarray(BROADCAST_PAYLOAD_OFFSET),
      } satisfies BroadcastMessage;
    }
    case FrameKind.Direct:
      expectBodyAtLeast(kind, bodyLength, PUBLIC_KEY_BYTES + 4);
      return {
        kind,
        recipient: frame.subarray(h, h + PUBLIC_KEY_BYTES),
        sender: readU32(frame, DIRECT_SENDER_OFFSET),
        bytes: frame.subarray(DIRECT_PAYLOAD_OFFSET),
      } satisfies DirectMessage;
    case FrameKind.Subscribe:
    case FrameKind.Unsubscribe: {
      expectBodyLength(kind, bodyLength, 4);
      const topics = readU32(frame, h);
      if (topics === 0) throw new MalformedFrameError(kind, 'no topics');
      return { kind, topics };
    }
    case FrameKind.Ping:
    case FrameKind.Pong:
      expectBodyLength(kind, bodyLength, 0);
      return { kind };
    case FrameKind.Error:
      expectBodyAtLeast(kind, bodyLength, 2);
      if (bodyLength - 2 > MAX_ERROR_MESSAGE_BYTES) {
        throw new MalformedFrameError(kind, 'message too long', { bytes: bodyLength - 2 });
      }
      return { kind, code: readU16(frame, h), message: utf8Decoder.decode(frame.subarray(h + 2)) };
  }
}

function expectBodyLength(kind: number, bodyLength: number, expected: number): void {
  if (bodyLength !== expected) throw new MalformedFrameError(kind, 'wrong body length', { bodyLength, expected });
}

function expectBodyAtLeast(kind: number, bodyLength: number, minimum: number): void {
  if (bodyLength < minimum) throw new MalformedFrameError(kind, 'body too short', { bodyLength, minimum });
}

/** Writes a Broadcast frame for `bytes` into `target` at `offset` (BROADCAST_PAYLOAD_OFFSET + bytes.length long). */
export function writeBroadcastInto(target: Uint8Array, offset: number, mask: number, bytes: Uint8Array): void {
  checkMask(mask);
  writeU32(target, offset, 9 + bytes.length);
  target[offset + LENGTH_PREFIX_BYTES] = FrameKind.Broadcast;
  writeU32(target, offset + BROADCAST_SENDER_OFFSET, 0);
  writeU32(target, offset + BROADCAST_SENDER_OFFSET + 4, mask);
  target.set(bytes, offset + BROADCAST_PAYLOAD_OFFSET);
}

/** Writes the sender's roster index into a Broadcast or Direct frame in place (the broker's only edit). */
export function stampSender(frame: Uint8Array, sender: number): void {
  writeU32(
    frame,
    frame[LENGTH_PREFIX_BYTES] === FrameKind.Broadcast ? BROADCAST_SENDER_OFFSET : DIRECT_SENDER_OFFSET,
    sender,
  );
}

/** The heartbeat frames, encoded once: the client, the broker, the marshal and the mesh send them as they are. */
export const PING_FRAME = encodeFrame({ kind: FrameKind.Ping });
export const PONG_FRAME = encodeFrame({ kind: FrameKind.Pong });
