import fs from 'node:fs';
import path from 'node:path';
import { ownEventBodies, writeChangeFiles } from './change-file-output.js';
import { decodeChangeFile, maxChangeFileBytes } from './change-file.js';
import { ownDeviceKey, PinnedKeys, retiredKeys, type DeviceKey } from './device-keys.js';
import { reportsAbout } from './read-report.js';
import type { SyncStore } from './sync-store.js';
import type { WriteConnection } from '../db/collection-door.js';
import { readUntrustedFile } from './untrusted-file.js';

/** One of this device's files that another could not read, and what it was written again as. */
export interface MendedFile {
  name: string;
  /** The devices that reported it, and why they could not read it. */
  reportedBy: { device: string; reason: string }[];
  writtenAs: string[];
}

/**
 * Writes again, under new names, the events of this device's own files that
 * other devices report they could not read (read-report.ts), then removes
 * the old files (the engine carries the removal, so the damaged copies go
 * too). From this device's own copy when it is whole; when that copy is
 * damaged as well, every event this device made is written again, once.
 * `key` signs them: the current key, or for an earlier id of this device the
 * key it kept (see mendEarlierIds).
 */
export function mendReportedFiles(db: WriteConnection, store: SyncStore, folder: string, dir: string, device: string, key: DeviceKey = ownDeviceKey(store)): MendedFile[] {
  const own = new Set(store.ownFiles(device));
  const byName = new Map<string, MendedFile>();
  for (const { reporter, file } of reportsAbout(folder, device, new PinnedKeys(store))) {
    if (!own.has(file.name)) continue;
    const mended = byName.get(file.name) ?? { name: file.name, reportedBy: [], writtenAs: [] };
    mended.reportedBy.push({ device: reporter, reason: file.reason });
    byName.set(file.name, mended);
  }
  if (byName.size === 0) return [];
  let everything: string[] | null = null;
  for (const mended of byName.values()) {
    const read = readUntrustedFile(path.join(dir, mended.name), maxChangeFileBytes);
    const decoded = read.ok ? decodeChangeFile(read.bytes) : null;
    // Only a copy this device signed: a file put in its place under its name, whole and naming it but signed
    // with another key, is a forger's, whose events must never go out again under this device's key.
    if (decoded?.status === 'whole' && decoded.header.device === device && decoded.header.key === key.publicKey) {
      mended.writtenAs = writeChangeFiles(store, dir, device, decoded.events.map((e) => JSON.stringify(e)), key);
    } else {
      // This device's own copy is damaged too (or not its own): its events are rebuilt from the collection, all of them, once.
      everything ??= writeChangeFiles(store, dir, device, ownEventBodies(db, device), key);
      mended.writtenAs = everything;
    }
    fs.rmSync(path.join(dir, mended.name), { force: true });
    store.forgetFile(device, mended.name);
  }
  return [...byName.values()];
}

/**
 * The same for the ids this device gave up (another installation wrote under
 * them): their files are still read by the others, and nobody else can write
 * them again, so each earlier id's reported files are mended in its own
 * folder with the key kept for it. Never through a link or a file in place
 * of that folder.
 */
export function mendEarlierIds(db: WriteConnection, store: SyncStore, folder: string): MendedFile[] {
  const mended: MendedFile[] = [];
  for (const earlier of retiredKeys(store)) {
    const dir = path.join(folder, earlier.device);
    if (!isPlainFolder(dir)) continue;
    mended.push(...mendReportedFiles(db, store, folder, dir, earlier.device, earlier.key));
  }
  return mended;
}

function isPlainFolder(dir: string): boolean {
  try {
    return fs.lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}
