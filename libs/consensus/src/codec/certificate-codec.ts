import {
  InvalidFieldError,
  LengthOutOfRangeError,
  SIGNATURE_BYTES,
  UnencodableValueError,
  type ByteReader,
  type ByteWriter,
  type Certificate,
  type DaCertificate,
  type Header,
  type Leaf,
  type QuorumCertificate,
  type TimeoutCertificate,
} from '@hotshot/protocol';

/** certificate := uint16 bitmapLength, bitmap, uint8 signatureLength (0 or 96), signature */
export function writeCertificate(w: ByteWriter, certificate: Certificate): void {
  w.u16(certificate.signers.length, 'certificate signers length');
  w.raw(certificate.signers);
  const length = certificate.signature.length;
  if (length !== 0 && length !== SIGNATURE_BYTES)
    throw new UnencodableValueError('certificate signature', 'must be 0 or 96 bytes', length);
  w.u8(length, 'certificate signature length');
  w.raw(certificate.signature);
}

export function readCertificate(r: ByteReader): Certificate {
  const signersLength = r.u16('certificate signers length');
  if (signersLength > r.remaining) throw new LengthOutOfRangeError('certificate signers', signersLength, r.remaining);
  const signers = r.copy(signersLength, 'certificate signers');
  const signatureLength = r.u8('certificate signature length');
  if (signatureLength !== 0 && signatureLength !== SIGNATURE_BYTES) {
    throw new InvalidFieldError('certificate signature length', signatureLength, `0 or ${SIGNATURE_BYTES}`);
  }
  return { signers, signature: r.copy(signatureLength, 'certificate signature') };
}

/** qc := uint64 view, bytes32 leafCommitment, certificate */
export function writeQc(w: ByteWriter, qc: QuorumCertificate): void {
  w.u64(qc.view, 'qc view');
  w.bytes32(qc.leafCommitment, 'qc leaf commitment');
  writeCertificate(w, qc.certificate);
}

export function readQc(r: ByteReader): QuorumCertificate {
  return { view: r.u64('qc view'), leafCommitment: r.bytes32('qc leaf commitment'), certificate: readCertificate(r) };
}

/** tc := uint64 view, uint32 count, count x uint64 highQcView, certificate */
export function writeTc(w: ByteWriter, tc: TimeoutCertificate): void {
  w.u64(tc.view, 'tc view');
  w.u32(tc.highQcViews.length, 'tc highQc view count');
  for (const view of tc.highQcViews) w.u64(view, 'tc highQc view');
  writeCertificate(w, tc.certificate);
}

export function readTc(r: ByteReader): TimeoutCertificate {
  const view = r.u64('tc view');
  const count = r.u32('tc highQc view count');
  // Checked before allocating, so a forged count cannot make a huge array.
  if (count * 8 > r.remaining) throw new LengthOutOfRangeError('tc highQc views', count * 8, r.remaining);
  const highQcViews: number[] = [];
  for (let i = 0; i < count; i++) highQcViews.push(r.u64('tc highQc view'));
  return { view, highQcViews, certificate: readCertificate(r) };
}

/** da := uint64 view, bytes32 payloadCommitment, certificate */
export function writeDaCertificate(w: ByteWriter, da: DaCertificate): void {
  w.u64(da.view, 'da view');
  w.bytes32(da.payloadCommitment, 'da payload commitment');
  writeCertificate(w, da.certificate);
}

export function readDaCertificate(r: ByteReader): DaCertificate {
  return {
    view: r.u64('da view'),
    payloadCommitment: r.bytes32('da payload commitment'),
    certificate: readCertificate(r),
  };
}

/** header := the seven Header fields in ABI order: uint64 x4, bytes32 x2, uint32 payloadSize */
function writeHeader(w: ByteWriter, header: Header): void {
  w.u64Big(header.chainId, 'chain id');
  w.u64(header.height, 'height');
  w.u64(header.timestamp, 'timestamp');
  w.u64(header.l1Head, 'l1 head');
  w.bytes32(header.parentCommitment, 'parent commitment');
  w.bytes32(header.payloadCommitment, 'payload commitment');
  w.u32(header.payloadSize, 'payload size');
}

function readHeader(r: ByteReader): Header {
  return {
    chainId: r.u64Big('chain id'),
    height: r.u64('height'),
    timestamp: r.u64('timestamp'),
    l1Head: r.u64('l1 head'),
    parentCommitment: r.bytes32('parent commitment'),
    payloadCommitment: r.bytes32('payload commitment'),
    payloadSize: r.u32('payload size'),
  };
}

/** leaf := uint64 view, header, bytes32 parentLeafCommitment, qc justifyQc */
export function writeLeaf(w: ByteWriter, leaf: Leaf): void {
  w.u64(leaf.view, 'leaf view');
  writeHeader(w, leaf.header);
  w.bytes32(leaf.parentLeafCommitment, 'parent leaf commitment');
  writeQc(w, leaf.justifyQc);
}

export function readLeaf(r: ByteReader): Leaf {
  return {
    view: r.u64('leaf view'),
    header: readHeader(r),
    parentLeafCommitment: r.bytes32('parent leaf commitment'),
    justifyQc: readQc(r),
  };
}
