import { decompress } from 'fzstd';

const zstdMagic = 0xfd2fb528;

export function isZstd(data: Uint8Array): boolean {
  return data.length >= 4 && readU32(data, 0) === zstdMagic;
}

/**
 * The most bytes a zstd stream can decompress to, read from its frame and
 * block headers without decompressing anything: raw and RLE blocks state their
 * size, a compressed block yields at most its block maximum (128 KiB or the
 * window, if smaller). Also covers the window the decoder allocates when a
 * frame does not declare its size. Throws on a stream whose structure is broken.
 */
export function zstdOutputBound(data: Uint8Array): number {
  let pos = 0;
  let bound = 0;
  let frames = 0;
  let allocation = 0;
  while (pos < data.length) {
    if (pos + 8 > data.length) throw new Error('zstd stream is truncated');
    const magic = readU32(data, pos);
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      pos += 8 + readU32(data, pos + 4); // skippable frame
      continue;
    }
    if (magic !== zstdMagic) throw new Error(frames ? 'zstd stream has trailing garbage' : 'not zstd data');
    frames++;
    const fhd = data[pos + 4]!;
    const fcsFlag = fhd >> 6;
    const singleSegment = (fhd >> 5) & 1;
    const checksum = (fhd >> 2) & 1;
    const dictFlag = fhd & 3;
    if (fhd & 8) throw new Error('zstd frame header uses a reserved bit');
    let at = pos + 5;
    let windowSize = 0;
    if (!singleSegment) {
      const wd = data[at++]!;
      const base = 2 ** (10 + (wd >> 3));
      windowSize = base + (base / 8) * (wd & 7);
    }
    at += [0, 1, 2, 4][dictFlag]!;
    const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
    let contentSize = -1;
    if (fcsBytes) {
      contentSize = 0;
      for (let i = fcsBytes - 1; i >= 0; i--) contentSize = contentSize * 256 + data[at + i]!;
      if (fcsBytes === 2) contentSize += 256;
    }
    at += fcsBytes;
    if (singleSegment) windowSize = contentSize;
    const blockMax = Math.min(131072, windowSize);
    let frameBound = 0;
    for (;;) {
      if (at + 3 > data.length) throw new Error('zstd stream is truncated');
      const header = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
      at += 3;
      const last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 0) {
        frameBound += size;
        at += size;
      } else if (type === 1) {
        frameBound += size;
        at += 1;
      } else if (type === 2) {
        frameBound += blockMax;
        at += size;
      } else {
        throw new Error('zstd block type is reserved');
      }
      if (at > data.length) throw new Error('zstd stream is truncated');
      if (last) break;
    }
    if (checksum) at += 4;
    if (at > data.length) throw new Error('zstd stream is truncated');
    if (contentSize > frameBound) throw new Error('zstd frame declares more content than its blocks hold');
    bound += contentSize >= 0 ? contentSize : frameBound;
    // Without a declared size the decoder allocates a whole window up front.
    if (contentSize < 0) allocation = Math.max(allocation, windowSize);
    pos = at;
  }
  if (!frames) throw new Error('not zstd data');
  return Math.max(bound, allocation);
}

/** Decompresses zstd data after checking that it cannot expand past `limit` bytes. */
export function zstdDecompress(data: Uint8Array, limit: number): Uint8Array {
  const bound = zstdOutputBound(data);
  if (bound > limit) throw new Error(`zstd data would expand to up to ${bound} bytes (limit ${limit})`);
  return decompress(data);
}

function readU32(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}
