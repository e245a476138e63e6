import { createHash } from 'node:crypto';
import type { SyncEvent } from './sync-event.js';
import { validEvent } from './answer-event-check.js';
import { signText, verifyText, type DeviceKey } from './device-keys.js';

/*
 * A change file: one header line, then the events as one JSON array.
 *
 *   {"format":"demarc-changes/2","device":"…","seq":7,"count":300,"bytes":81234,"sha256":"…","key":"…","signature":"…"}
 *   [{"type":"answer",…},…]
 *
 * The header's byte count and SHA-256 cover the second line exactly, so a
 * file that a sync engine has only half copied (or a torn write) is told
 * apart from a whole one and skipped until it is whole. The writing device
 * signs the header (so the SHA-256, so every byte of the events) with its
 * Ed25519 key (device-keys.ts), whose public half the header carries.
 */

export const changeFormat = 'demarc-changes/2' as const;
/** What Demarc wrote before change files were signed: no longer read. */
const unsignedFormat = 'demarc-changes/1';
export const changeExtension = '.changes';
/** Most events in one file: keeps any one file small enough to parse in one go. */
export const eventsPerFile = 20_000;
/** And about this many bytes of events (counted in characters; card content can be long): a file is closed before an event would take it past. */
export const bytesPerFile = 16 * 1024 * 1024;
/**
 * Larger than any change file Demarc writes (16 Mi characters are at most
 * 48 MiB of UTF-8, plus one event): a bigger one is not ours and is never
 * read, so a hostile file in the folder cannot make a round load gigabytes.
 */
export const maxChangeFileBytes = 64 * 1024 * 1024;

export interface ChangeHeader {
  format: typeof changeFormat;
  device: string;
  seq: number;
  count: number;
  bytes: number;
  sha256: string;
  /** The writing device's public key (device-keys.ts). */
  key: string;
  signature: string;
}

/** What the signature covers: every field of the header but itself. */
function signedText(h: Omit<ChangeHeader, 'signature'>): string {
  return [h.format, h.device, h.seq, h.count, h.bytes, h.sha256, h.key].join('\n');
}

export function encodeChangeFile(device: string, seq: number, bodies: readonly string[], key: DeviceKey): string {
  const body = `[${bodies.join(',')}]`;
  const unsigned = { format: changeFormat as typeof changeFormat, device, seq, count: bodies.length, bytes: Buffer.byteLength(body), sha256: sha256(body), key: key.publicKey };
  const header: ChangeHeader = { ...unsigned, signature: signText(key, signedText(unsigned)) };
  return `${JSON.stringify(header)}\n${body}\n`;
}

export type DecodedChangeFile =
  /** `foreign`: valid events naming another device than the one that signed the file: refused. */
  | { status: 'whole'; header: ChangeHeader; events: SyncEvent[]; invalid: number; foreign: number }
  | { status: 'incomplete' | 'damaged'; reason: string };

/**
 * Reads a change file's bytes. 'incomplete': shorter than its header says
 * (still arriving: try again later). 'damaged': complete but wrong (not ours,
 * or corrupted): skipped. Events that fail validation are counted, not applied.
 */
export function decodeChangeFile(bytes: Buffer): DecodedChangeFile {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return { status: 'incomplete', reason: 'no header line yet' };
  let header: ChangeHeader;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as ChangeHeader;
  } catch {
    return { status: 'damaged', reason: 'the header is not JSON' };
  }
  if ((header as { format?: unknown } | null)?.format === unsignedFormat) {
    return { status: 'damaged', reason: 'written by an older Demarc, without a signature: update Demarc on that device, which then writes its changes again, signed' };
  }
  if (!isHeader(header)) return { status: 'damaged', reason: 'not a Demarc change file' };
  const body = bytes.subarray(newline + 1);
  const end = body.length > 0 && body[body.length - 1] === 0x0a ? body.length - 1 : body.length;
  if (end < header.bytes) return { status: 'incomplete', reason: `${end} of ${header.bytes} bytes so far` };
  const content = body.subarray(0, header.bytes);
  if (end > header.bytes || sha256(content) !== header.sha256) return { status: 'damaged', reason: 'the checksum does not match' };
  if (!verifyText(header.key, signedText(header), header.signature)) return { status: 'damaged', reason: 'its signature does not match its key' };
  let raw: unknown;
  try {
    raw = JSON.parse(content.toString('utf8'));
  } catch {
    return { status: 'damaged', reason: 'the events are not JSON' };
  }
  if (!Array.isArray(raw) || raw.length !== header.count) return { status: 'damaged', reason: 'the event count does not match' };
  const events: SyncEvent[] = [];
  let invalid = 0;
  let foreign = 0;
  for (const item of raw) {
    const event = validEvent(item);
    if (!event) invalid += 1;
    else if (event.device !== header.device) foreign += 1;
    else events.push(event);
  }
  return { status: 'whole', header, events, invalid, foreign };
}

/** The header line alone (the first bytes of a file), or null when those bytes hold no valid header. */
export function decodeChangeHeader(start: Buffer): ChangeHeader | null {
  const newline = start.indexOf(0x0a);
  if (newline < 0) return null;
  try {
    const header = JSON.parse(start.subarray(0, newline).toString('utf8')) as unknown;
    return isHeader(header) ? header : null;
  } catch {
    return null;
  }
}

/** More than any header line takes (eight short fields). */
export const headerBytes = 1024;

function isHeader(h: unknown): h is ChangeHeader {
  if (typeof h !== 'object' || h === null) return false;
  const r = h as Record<string, unknown>;
  return (
    r.format === changeFormat &&
    typeof r.device === 'string' &&
    Number.isSafeInteger(r.seq) &&
    Number.isSafeInteger(r.count) &&
    Number.isSafeInteger(r.bytes) &&
    (r.bytes as number) >= 0 &&
    typeof r.sha256 === 'string' &&
    typeof r.key === 'string' &&
    typeof r.signature === 'string'
  );
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What a change file's name says: its sequence number, and whether a sync engine made it as a conflict copy. */
export interface ChangeFileName {
  seq: number;
  conflictCopy: ConflictEngine | null;
}
export type ConflictEngine = 'syncthing' | 'dropbox' | 'onedrive' | 'other';

/** `00000007-3fa9c2d1.changes`: sequence number, then a random part so two writers never pick one name. */
export function changeFileName(seq: number, nonce: string): string {
  return `${String(seq).padStart(8, '0')}-${nonce}${changeExtension}`;
}

const namePattern = /^(\d{8,})-([0-9a-f]{8})(.*)\.changes$/;

/**
 * Recognises a change file and the conflict copies engines make of one:
 * Syncthing `NAME.sync-conflict-20261201-101500-ABCDEFG.changes`, Dropbox
 * `NAME (Laptop's conflicted copy 2026-12-01).changes`, OneDrive
 * `NAME-LAPTOP.changes`. A copy is read like any other file: its events are
 * merged by id, so whichever version each engine kept, nothing is lost or
 * counted twice. Temporary files (leading dot) are never read.
 */
export function parseChangeFileName(name: string): ChangeFileName | null {
  if (name.startsWith('.')) return null;
  const m = namePattern.exec(name);
  if (!m) return null;
  const suffix = m[3] ?? '';
  return { seq: Number(m[1]), conflictCopy: suffix === '' ? null : conflictEngine(suffix) };
}

function conflictEngine(suffix: string): ConflictEngine {
  if (/^\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}$/.test(suffix)) return 'syncthing';
  if (/conflicted copy/i.test(suffix)) return 'dropbox';
  if (/^-[A-Za-z0-9_-]+$/.test(suffix)) return 'onedrive';
  return 'other';
}
