import fs from 'node:fs';

/**
 * What a write-ahead log can put back into a main file that is shorter than
 * its header says. After a crash inside a checkpoint the main file can
 * legitimately be short (page 1 written, later pages not yet), because the
 * WAL still holds every missing page; a file cut by a bad copy has no such
 * cover, and opening it would let SQLite checkpoint the WAL into a damaged
 * file and delete the WAL. Only frames SQLite itself would replay count:
 * salts matching the header, a valid running checksum, up to the last commit.
 */
export interface WalCoverage {
  /** Pages held by committed frames. */
  pages: Set<number>;
  /** The database size in pages after the last committed transaction (0: no committed frame). */
  committedPages: number;
}

const walHeaderBytes = 32;
const frameHeaderBytes = 24;

export function readWalCoverage(walFile: string, pageSize: number): WalCoverage {
  const none: WalCoverage = { pages: new Set(), committedPages: 0 };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(walFile);
  } catch {
    return none;
  }
  if (bytes.length < walHeaderBytes) return none;
  const magic = bytes.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return none;
  const bigEndian = magic === 0x377f0683;
  if (bytes.readUInt32BE(8) !== pageSize) return none;
  const salt1 = bytes.readUInt32BE(16);
  const salt2 = bytes.readUInt32BE(20);
  let [s1, s2] = checksum(bytes, 0, 24, 0, 0, bigEndian);
  if (s1 !== bytes.readUInt32BE(24) || s2 !== bytes.readUInt32BE(28)) return none;

  const committed = new Set<number>();
  const pending: number[] = [];
  let committedPages = 0;
  for (let at = walHeaderBytes; at + frameHeaderBytes + pageSize <= bytes.length; at += frameHeaderBytes + pageSize) {
    if (bytes.readUInt32BE(at + 8) !== salt1 || bytes.readUInt32BE(at + 12) !== salt2) break;
    [s1, s2] = checksum(bytes, at, 8, s1, s2, bigEndian);
    [s1, s2] = checksum(bytes, at + frameHeaderBytes, pageSize, s1, s2, bigEndian);
    if (s1 !== bytes.readUInt32BE(at + 16) || s2 !== bytes.readUInt32BE(at + 20)) break;
    pending.push(bytes.readUInt32BE(at));
    const sizeAfterCommit = bytes.readUInt32BE(at + 4);
    if (sizeAfterCommit > 0) {
      for (const page of pending) committed.add(page);
      pending.length = 0;
      committedPages = sizeAfterCommit;
    }
  }
  return { pages: committed, committedPages };
}

/** SQLite's WAL checksum over `length` bytes (a multiple of 8), continuing from s1, s2. */
function checksum(bytes: Buffer, offset: number, length: number, s1: number, s2: number, bigEndian: boolean): [number, number] {
  for (let i = offset; i < offset + length; i += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const x1 = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return [s1, s2];
}

/**
 * True when every page the header (or the last committed transaction) counts
 * is either in the main file or in a committed WAL frame.
 */
export function walCoversShortFile(walFile: string, fileBytes: number, pageSize: number, headerPages: number): boolean {
  const { pages, committedPages } = readWalCoverage(walFile, pageSize);
  const wanted = committedPages > 0 ? committedPages : headerPages;
  const present = Math.floor(fileBytes / pageSize);
  for (let page = present + 1; page <= wanted; page++) if (!pages.has(page)) return false;
  return true;
}
