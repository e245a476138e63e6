import { cached } from '../db/statement-cache.js';
import fs from 'node:fs';
import path from 'node:path';
import { bytesPerFile, changeFileName, decodeChangeFile, decodeChangeHeader, encodeChangeFile, eventsPerFile, headerBytes, maxChangeFileBytes, parseChangeFileName } from './change-file.js';
import { readUntrustedFile, readUntrustedHead } from './untrusted-file.js';
import { randomNonce, safeList, writeFileAtomically } from './change-file-writer.js';
import type { SyncStore } from './sync-store.js';
import { ownDeviceKey, type DeviceKey } from './device-keys.js';
import { ownContentEventBodies } from './card-content-events.js';
import { answerEventFromRow, answerRowColumns, type AnswerRow } from './local-changes.js';
import type { WriteConnection } from '../db/collection-door.js';

/** The highest sequence number among a device folder's change files. */
export function highestSeq(dir: string): number {
  let max = 0;
  for (const name of safeList(dir)) {
    const parsed = parseChangeFileName(name);
    if (parsed && parsed.seq > max) max = parsed.seq;
  }
  return max;
}

/** Writes event bodies as change files of at most `eventsPerFile` events and `bytesPerFile` bytes each (one event alone may be more); returns the names written. */
export function writeChangeFiles(store: SyncStore, dir: string, device: string, bodies: readonly string[], key: DeviceKey = ownDeviceKey(store)): string[] {
  const names: string[] = [];
  for (let i = 0; i < bodies.length; ) {
    let end = i;
    let bytes = 0;
    while (end < bodies.length && end - i < eventsPerFile && (end === i || bytes + bodies[end]!.length <= bytesPerFile)) bytes += bodies[end++]!.length;
    const chunk = bodies.slice(i, end);
    i = end;
    const seq = store.nextSeq(highestSeq(dir));
    const name = changeFileName(seq, randomNonce());
    const written = writeFileAtomically(path.join(dir, name), encodeChangeFile(device, seq, chunk, key));
    store.rememberFile({ device, name, size: written.size, mtimeMs: written.mtimeMs }, true);
    names.push(name);
  }
  return names;
}

/**
 * Writes the outbox to the folder. Rows leave the outbox only once the file
 * holding them is in place, so a crash or a full disk loses nothing: the
 * next round writes them again (and readers drop the duplicates by id).
 */
export function flushOutbox(db: WriteConnection, store: SyncStore, dir: string, device: string): { files: number; events: number } {
  const rows = cached<{ seq: number; body: string }>(db, 'SELECT seq, body FROM sync_outbox ORDER BY seq').all();
  if (rows.length === 0) return { files: 0, events: 0 };
  const names = writeChangeFiles(store, dir, device, rows.map((r) => r.body));
  cached(db, 'DELETE FROM sync_outbox WHERE seq <= ?').run(rows.at(-1)?.seq ?? 0);
  return { files: names.length, events: rows.length };
}

/** Every event this device made, rebuilt from the collection: answers from the log, undos and edits from sync_events. */
export function ownEventBodies(db: WriteConnection, device: string): string[] {
  const bodies: string[] = [];
  const answers = cached<AnswerRow & { eventId: string }>(db, `SELECT r.event_id AS eventId, ${answerRowColumns} FROM review_log r JOIN cards c ON c.id = r.card_id
      WHERE r.event_device = ? ORDER BY r.reviewed_at, r.event_id`)
    .all(device);
  for (const r of answers) bodies.push(JSON.stringify(answerEventFromRow(r, r.eventId, device)));
  const others = cached<string>(db, 'SELECT body FROM sync_events WHERE device = ? ORDER BY rowid').pluck().all(device);
  bodies.push(...others, ...ownContentEventBodies(db, device));
  return bodies;
}

/**
 * When files this device wrote are gone from the folder (a folder restored
 * from an old backup, files deleted by hand), writes everything it made
 * again, so devices that had not read them yet still get every event.
 */
export function restoreMissingOwnFiles(db: WriteConnection, store: SyncStore, dir: string, device: string): number {
  const present = new Set(safeList(dir));
  const missing = store.ownFiles(device).filter((name) => !present.has(name));
  if (missing.length === 0) return 0;
  const names = writeChangeFiles(store, dir, device, ownEventBodies(db, device));
  for (const name of missing) store.forgetFile(device, name);
  return names.length;
}

/**
 * Once, after an update from a version that wrote unsigned change files:
 * every event this device made is written again in signed files and the
 * unsigned ones go, so devices that have not read them yet can (they no
 * longer read unsigned files). Returns the files written.
 */
export function signOwnHistory(db: WriteConnection, store: SyncStore, dir: string, device: string): number {
  if (store.get('ownFilesSigned') === '1') return 0;
  const unsigned = store.ownFiles(device).filter((name) => {
    const head = readUntrustedHead(path.join(dir, name), headerBytes);
    return head.ok && decodeChangeHeader(head.bytes) === null;
  });
  const written = unsigned.length > 0 ? writeChangeFiles(store, dir, device, ownEventBodies(db, device)).length : 0;
  for (const name of unsigned) {
    fs.rmSync(path.join(dir, name), { force: true });
    store.forgetFile(device, name);
  }
  store.set('ownFilesSigned', '1');
  return written;
}

function isSmallFile(file: string): boolean {
  const start = readUntrustedHead(file, headerBytes);
  if (!start.ok) return false;
  const header = decodeChangeHeader(start.bytes);
  return header !== null && header.count < eventsPerFile && header.bytes < bytesPerFile / 2;
}

/** Past this many own files, the small ones are folded into full ones. */
export const compactAfterFiles = 32;

/**
 * Compaction: this device's small change files are folded into full ones
 * (full files stay as they are); then the small files go. A device that had
 * not read an old file finds the same events (same ids) in the new ones, so
 * it loses nothing; one that reads both drops the duplicates. Only a device's
 * own files are ever compacted or deleted, and only by that device.
 */
export function compactOwnFiles(store: SyncStore, dir: string, device: string): number {
  const own = store.ownFiles(device);
  if (own.length <= compactAfterFiles) return 0;
  // Full files stay as they are, told by their header line alone: a long history is never read back.
  const small = own.filter((n) => isSmallFile(path.join(dir, n)));
  // One small file has nothing to fold into: usually the newest, partly filled, which a long history's every
  // round would otherwise read and decode whole (about 100 ms for the 5.5 MB tail of a million answers).
  if (small.length < 2) return 0;
  const bodies = new Map<string, string>();
  const folded: string[] = [];
  for (const name of small) {
    // Our own folder, but as open to others as the rest: read like any file there.
    const read = readUntrustedFile(path.join(dir, name), maxChangeFileBytes);
    if (!read.ok) continue;
    const decoded = decodeChangeFile(read.bytes);
    if (decoded.status !== 'whole' || decoded.header.count >= eventsPerFile || decoded.header.bytes >= bytesPerFile / 2) continue;
    for (const e of decoded.events) bodies.set(e.id, JSON.stringify(e));
    folded.push(name);
  }
  if (folded.length < 2) return 0;
  writeChangeFiles(store, dir, device, [...bodies.values()]);
  for (const name of folded) {
    fs.rmSync(path.join(dir, name), { force: true });
    store.retireOwnFile(device, name);
  }
  return folded.length;
}
