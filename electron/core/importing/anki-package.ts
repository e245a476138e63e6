import { unzipSync, type UnzipFileInfo } from 'fflate';
import { crc32 } from 'node:zlib';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { importLimits, invalidFile, mib } from './import-limits.js';
import { checkMediaBudget } from './media-store.js';
import { readProto, protoVarint } from './protobuf.js';
import { isZstd, zstdDecompress } from './zstd.js';

export const collectionNames = ['collection.anki21b', 'collection.anki21', 'collection.anki2'] as const;
export type CollectionName = (typeof collectionNames)[number];

/** An Anki package, unpacked: the newest collection inside it and its media. */
export interface AnkiPackage {
  collectionName: CollectionName;
  /** The SQLite database (decompressed when it was zstd). */
  collection: Uint8Array;
  /** The media files the package holds, by their real name (their bytes are read only when asked for). */
  mediaNames: ReadonlySet<string>;
  /** Inflates the named media files (those a card uses): nothing else in the package is ever expanded. */
  readMedia(names: Iterable<string>): Map<string, Uint8Array>;
  warnings: string[];
}

/** Refuses names that could escape a folder when extracted anywhere. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\\')) return 'a backslash';
  if (name.includes('\0')) return 'a NUL character';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'a drive letter';
  if (name.split('/').some((part) => part === '..')) return 'a ".." component';
  return null;
}

/**
 * Lists a zip's entries from its central directory and checks every limit on
 * the declared sizes before anything is inflated: entry count, names, total
 * uncompressed size and per-entry compression ratio.
 */
export function listZip(fileName: string, bytes: Uint8Array): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  let total = 0;
  try {
    unzipSync(bytes, {
      filter(file) {
        if (entries.length >= importLimits.maxZipEntries) {
          throw invalidFile(fileName, `the archive has more than ${importLimits.maxZipEntries} entries.`);
        }
        const unsafe = unsafeEntryName(file.name);
        if (unsafe) throw invalidFile(fileName, `entry "${file.name}" has an unsafe name (${unsafe}).`);
        if (file.compression !== 0 && file.compression !== 8) {
          throw invalidFile(fileName, `entry "${file.name}" uses compression method ${file.compression}; only stored and deflate are supported.`);
        }
        if (file.compression === 0 && file.originalSize !== file.size) {
          throw invalidFile(fileName, `entry "${file.name}" is stored but its sizes disagree (${file.size} vs ${file.originalSize}).`);
        }
        total += file.originalSize;
        if (total > importLimits.maxTotalUncompressed) {
          throw new DemarcError(
            ErrorCode.fileTooLarge,
            `${fileName}: the archive would expand to more than ${mib(importLimits.maxTotalUncompressed)} MiB (at entry "${file.name}").`,
          );
        }
        if (file.originalSize > importLimits.ratioCheckAbove && file.originalSize > file.size * importLimits.maxRatio) {
          throw new DemarcError(
            ErrorCode.fileTooLarge,
            `${fileName}: entry "${file.name}" would expand ${Math.round(file.originalSize / Math.max(1, file.size))} times (to ${mib(file.originalSize)} MiB); this looks like a zip bomb.`,
          );
        }
        entries.push(file);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof DemarcError) throw error;
    throw invalidFile(fileName, `the zip archive is damaged or truncated (${(error as Error).message}).`);
  }
  return entries;
}

/** Inflates the named entries (already checked by listZip), verifying each one's size and CRC-32. */
export function extractEntries(fileName: string, bytes: Uint8Array, wanted: Set<string>): Map<string, Uint8Array> {
  const declared = new Map<string, number>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        if (!wanted.has(file.name)) return false;
        declared.set(file.name, file.originalSize);
        return true;
      },
    });
  } catch (error) {
    throw invalidFile(fileName, `the zip archive is damaged or truncated (${(error as Error).message}).`);
  }
  const crcs = centralDirectoryCrcs(bytes);
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    // fflate stops at the declared size without complaint, so a lying or damaged entry is caught here.
    if (data.length !== declared.get(name) || (crcs.has(name) && crc32(data) !== crcs.get(name))) {
      throw invalidFile(fileName, `entry "${name}" is damaged (its size or checksum does not match the archive's directory).`);
    }
    out.set(name, data);
  }
  return out;
}

/** CRC-32 of each entry as the central directory records it (the directory fflate has already walked). */
function centralDirectoryCrcs(bytes: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) return out;
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  while (count-- > 0 && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    out.set(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)), view.getUint32(at + 16, true));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** Reads an .apkg or .colpkg: picks the newest collection, decodes the media list and the media files. */
export function readAnkiPackage(fileName: string, bytes: Uint8Array): AnkiPackage {
  const entries = listZip(fileName, bytes);
  const names = new Set(entries.map((e) => e.name));
  const collectionName = collectionNames.find((n) => names.has(n));
  if (!collectionName) {
    throw invalidFile(fileName, 'no Anki collection inside (expected collection.anki21b, collection.anki21 or collection.anki2).');
  }
  const warnings: string[] = [];
  const head = extractEntries(fileName, bytes, new Set([collectionName, 'media', 'meta']));
  let collection = head.get(collectionName)!;
  let budget = importLimits.maxTotalUncompressed - entries.reduce((n, e) => n + e.originalSize, 0);
  const latest = packageVersion(fileName, head.get('meta')) >= 3;
  if (collectionName === 'collection.anki21b' || isZstd(collection)) {
    collection = unzstd(fileName, collectionName, collection, budget);
    budget -= collection.length;
  }

  const mediaList = readMediaList(fileName, head.get('media'), budget);
  const present = mediaList.filter((m) => names.has(m.zipName));
  const missing = mediaList.length - present.length;
  if (missing) warnings.push(`${missing} media file${missing === 1 ? ' is' : 's are'} listed but missing from the package.`);
  const zipNameOf = new Map(present.map((m) => [m.name, m.zipName]));
  const declared = new Map(entries.map((e) => [e.name, e.originalSize]));
  const readMedia = (wanted: Iterable<string>): Map<string, Uint8Array> => {
    const chosen = [...wanted].filter((name) => zipNameOf.has(name));
    const media = new Map<string, Uint8Array>();
    if (!chosen.length) return media;
    // The media budgets, on the sizes the archive declares, before anything is inflated (planMedia checks the real sizes).
    checkMediaBudget(fileName, chosen.map((name) => ({ name, bytes: declared.get(zipNameOf.get(name)!) ?? 0 })));
    const files = extractEntries(fileName, bytes, new Set(chosen.map((name) => zipNameOf.get(name)!)));
    for (const name of chosen) {
      let data = files.get(zipNameOf.get(name)!)!;
      if (latest && isZstd(data)) {
        data = unzstd(fileName, zipNameOf.get(name)!, data, budget);
        budget -= data.length;
      }
      media.set(name, data);
    }
    return media;
  };
  return { collectionName, collection, mediaNames: new Set(zipNameOf.keys()), readMedia, warnings };
}

function unzstd(fileName: string, entry: string, data: Uint8Array, budget: number): Uint8Array {
  // The zip ratio rule applies to zstd too: a 4-byte RLE block stands for 128 KiB, so a few KiB could fill the whole budget.
  const ratioLimit = Math.max(importLimits.ratioCheckAbove, data.length * importLimits.maxRatio);
  try {
    return zstdDecompress(data, Math.max(0, Math.min(budget, ratioLimit)));
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('would expand')) throw new DemarcError(ErrorCode.fileTooLarge, `${fileName}: entry "${entry}": ${message}.`);
    throw invalidFile(fileName, `entry "${entry}" is not valid zstd data (${message}).`);
  }
}

/** PackageMetadata.version: 1 = collection.anki2, 2 = collection.anki21, 3 = collection.anki21b with zstd media. */
function packageVersion(fileName: string, meta: Uint8Array | undefined): number {
  if (!meta || meta.length === 0) return 0;
  try {
    return protoVarint(readProto(meta), 1) ?? 0;
  } catch (error) {
    throw invalidFile(fileName, `entry "meta" is not valid package metadata (${(error as Error).message}).`);
  }
}

/** Anki itself keeps media names to 120 bytes. */
const maxMediaNameBytes = 200;

interface MediaListEntry {
  name: string;
  zipName: string;
}

/**
 * The `media` entry: a JSON object {"0": "name.jpg", …} in older packages; in
 * newer ones zstd-compressed MediaEntries {repeated MediaEntry entries = 1}
 * with MediaEntry {name = 1, size = 2, sha1 = 3, legacy_zip_filename = 255},
 * stored in the zip as "0", "1", … by position.
 */
export function readMediaList(fileName: string, data: Uint8Array | undefined, budget: number): MediaListEntry[] {
  if (!data || data.length === 0) return [];
  const out: MediaListEntry[] = [];
  const first = data.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b) {
    let map: unknown;
    try {
      map = JSON.parse(new TextDecoder().decode(data));
    } catch (error) {
      throw invalidFile(fileName, `entry "media" is not valid JSON (${(error as Error).message}).`);
    }
    if (!map || typeof map !== 'object' || Array.isArray(map)) throw invalidFile(fileName, 'entry "media" is not a JSON object.');
    for (const [zipName, name] of Object.entries(map as Record<string, unknown>)) {
      if (typeof name !== 'string') throw invalidFile(fileName, `entry "media": the name of file "${zipName}" is not a string.`);
      out.push({ name: checkMediaName(fileName, name), zipName });
    }
    return out;
  }
  let proto = data;
  if (isZstd(data)) proto = unzstd(fileName, 'media', data, budget);
  try {
    for (const field of readProto(proto)) {
      if (field.field !== 1 || field.wireType !== 2) continue;
      const entry = readProto(field.bytes);
      let name = '';
      let legacy: number | undefined;
      for (const f of entry) {
        if (f.field === 1 && f.wireType === 2) name = new TextDecoder().decode(f.bytes);
        if (f.field === 255 && f.wireType === 0) legacy = f.varint;
      }
      out.push({ name, zipName: String(legacy ?? out.length) });
    }
  } catch (error) {
    throw invalidFile(fileName, `entry "media" is not a valid media list (${(error as Error).message}).`);
  }
  return out.filter((m) => m.name !== '').map((m) => ({ ...m, name: checkMediaName(fileName, m.name) }));
}

/** Media names are plain file names: no folders, no traversal. */
export function checkMediaName(fileName: string, name: string): string {
  // An empty name would be written as the media folder itself; the byte limit leaves room for the hash and temporary suffixes under NAME_MAX (255 bytes).
  const bad =
    name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0') || /^[a-zA-Z]:/.test(name) || Buffer.byteLength(name) > maxMediaNameBytes;
  if (bad) throw invalidFile(fileName, `media file "${name}" has an unsafe name.`);
  return name;
}
