import { FRAME_HEADER_BYTES, LENGTH_PREFIX_BYTES, MalformedFrameError } from '@hotshot/cdn';
import { PUBLIC_KEY_BYTES, UnencodableValueError, readU32, readU64, writeU32, writeU64 } from '@hotshot/protocol';

/**
 * Frame kinds only brokers exchange, on their mesh links (never on a node's connection). Broadcast, Direct,
 * Ping, Pong and Error travel on the mesh with their node-wire kinds and layouts.
 */
export const MeshKind = {
  /** `idLength u8 | id (UTF-8) | token[32]`: who the sender is; the dialling side sends it first, the other answers. */
  Hello: 32,
  /** `publicKey[48] | epoch u64 | index u32 | topics u32`: a node is on the sender broker, with these topics. */
  UserState: 33,
  /** `publicKey[48] | epoch u64`: that session of the node left the sender broker. */
  UserGone: 34,
} as const;

/** Bytes of the mesh token. */
export const MESH_TOKEN_LENGTH = 32;
const USER_STATE_BODY = PUBLIC_KEY_BYTES + 8 + 4 + 4;
const USER_GONE_BODY = PUBLIC_KEY_BYTES + 8;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** A decoded mesh control frame. */
export type MeshMessage =
  | { readonly kind: typeof MeshKind.Hello; readonly brokerId: string; readonly token: Uint8Array }
  | {
      readonly kind: typeof MeshKind.UserState;
      readonly publicKey: Uint8Array;
      readonly epoch: number;
      readonly index: number;
      readonly topics: number;
    }
  | { readonly kind: typeof MeshKind.UserGone; readonly publicKey: Uint8Array; readonly epoch: number };

function alloc(kind: number, bodyLength: number): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + bodyLength);
  writeU32(frame, 0, 1 + bodyLength);
  frame[LENGTH_PREFIX_BYTES] = kind;
  return frame;
}

function checkKey(publicKey: Uint8Array): void {
  if (publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new UnencodableValueError('publicKey', `expected ${PUBLIC_KEY_BYTES} bytes`, publicKey.length);
  }
}

/** Encodes a mesh control frame. */
export function encodeMeshFrame(message: MeshMessage): Uint8Array {
  const h = FRAME_HEADER_BYTES;
  switch (message.kind) {
    case MeshKind.Hello: {
      const id = utf8Encoder.encode(message.brokerId);
      if (id.length === 0 || id.length > 255) throw new UnencodableValueError('brokerId', 'must be 1..255 bytes');
      if (message.token.length !== MESH_TOKEN_LENGTH) throw new UnencodableValueError('token', 'must be 32 bytes');
      const frame = alloc(message.kind, 1 + id.length + MESH_TOKEN_LENGTH);
      frame[h] = id.length;
      frame.set(id, h + 1);
      frame.set(message.token, h + 1 + id.length);
      return frame;
    }
    case MeshKind.UserState: {
      checkKey(message.publicKey);
      const frame = alloc(message.kind, USER_STATE_BODY);
      frame.set(message.publicKey, h);
      writeU64(frame, h + PUBLIC_KEY_BYTES, BigInt(message.epoch));
      writeU32(frame, h + PUBLIC_KEY_BYTES + 8, message.index);
      writeU32(frame, h + PUBLIC_KEY_BYTES + 12, message.topics);
      return frame;
    }
    case MeshKind.UserGone: {
      checkKey(message.publicKey);
      const frame = alloc(message.kind, USER_GONE_BODY);
      frame.set(message.publicKey, h);
      writeU64(frame, h + PUBLIC_KEY_BYTES, BigInt(message.epoch));
      return frame;
    }
  }
}

/** Whether a frame's kind byte is a mesh control kind. */
export function isMeshKind(kind: number): boolean {
  return kind >= MeshKind.Hello && kind <= MeshKind.UserGone;
}

/** Decodes a whole mesh control frame; throws MalformedFrameError on a bad layout. */
export function decodeMeshFrame(frame: Uint8Array): MeshMessage {
  const kind = frame[LENGTH_PREFIX_BYTES];
  const h = FRAME_HEADER_BYTES;
  const body = frame.length - h;
  if (frame.length < h || readU32(frame, 0) !== frame.length - LENGTH_PREFIX_BYTES) {
    throw new MalformedFrameError(kind, 'length prefix does not match the frame');
  }
  const epochAt = (offset: number) => {
    const epoch = readU64(frame, offset);
    if (epoch > BigInt(Number.MAX_SAFE_INTEGER)) throw new MalformedFrameError(kind, 'epoch beyond 2^53');
    return Number(epoch);
  };
  switch (kind) {
    case MeshKind.Hello: {
      const idLength = body > 0 ? frame[h] : 0;
      if (idLength === 0 || body !== 1 + idLength + MESH_TOKEN_LENGTH) {
        throw new MalformedFrameError(kind, 'wrong hello layout', { body });
      }
      let brokerId: string;
      try {
        brokerId = utf8Decoder.decode(frame.subarray(h + 1, h + 1 + idLength));
      } catch {
        throw new MalformedFrameError(kind, 'broker id is not UTF-8');
      }
      return { kind, brokerId, token: frame.subarray(h + 1 + idLength) };
    }
    case MeshKind.UserState:
      if (body !== USER_STATE_BODY) throw new MalformedFrameError(kind, 'wrong body length', { body });
      return {
        kind,
        publicKey: frame.subarray(h, h + PUBLIC_KEY_BYTES),
        epoch: epochAt(h + PUBLIC_KEY_BYTES),
        index: readU32(frame, h + PUBLIC_KEY_BYTES + 8),
        topics: readU32(frame, h + PUBLIC_KEY_BYTES + 12),
      };
    case MeshKind.UserGone:
      if (body !== USER_GONE_BODY) throw new MalformedFrameError(kind, 'wrong body length', { body });
      return { kind, publicKey: frame.subarray(h, h + PUBLIC_KEY_BYTES), epoch: epochAt(h + PUBLIC_KEY_BYTES) };
    default:
      throw new MalformedFrameError(kind, 'not a mesh control frame');
  }
}
