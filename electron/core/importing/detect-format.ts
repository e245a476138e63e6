import path from 'node:path';
import type { ImportFormat } from './import-types.js';
import { invalidFile } from './import-limits.js';

/** Decides how to read a file: by its first bytes, then by its name. */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  const ext = path.extname(fileName).toLowerCase();
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
  if (ext === '.apkg' || ext === '.colpkg') {
    if (!isZip) throw invalidFile(fileName, `not a zip archive (an Anki ${ext} file is a zip).`);
    return ext === '.colpkg' ? 'colpkg' : 'apkg';
  }
  if (isZip) return 'apkg';
  if (startsWith(bytes, 'SQLite format 3\0')) {
    throw invalidFile(fileName, 'is a bare SQLite database; export the deck from Anki as an .apkg package and import that.');
  }
  if (ext === '.json' || firstNonSpace(bytes) === 0x7b /* { */) return 'demarc-json';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt' || ext === '') return 'csv';
  if (looksBinary(bytes)) throw invalidFile(fileName, 'is not a file Demarc can import (expected .json, .csv, .tsv, .txt, .apkg or .colpkg).');
  return 'csv';
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < Math.min(bytes.length, 4096); i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

function looksBinary(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false; // UTF-16 text
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * Decodes text: UTF-8 with or without a byte-order mark, UTF-16 with one.
 * Bytes that are not UTF-8 are read as Windows-1252 (what spreadsheet
 * programs often write), with a warning.
 */
export function decodeText(fileName: string, bytes: Uint8Array, warnings: string[]): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    warnings.push(`${fileName} is not valid UTF-8; it was read as Windows-1252.`);
    return new TextDecoder('windows-1252').decode(body);
  }
}
