import fs from 'node:fs';
import path from 'node:path';
import { ownEventBodies, writeChangeFiles } from './change-file-output.js';
import { decodeChangeFile, maxChangeFileBytes } from './change-file.js';
import { PinnedKeys } from './device-keys.js';
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
 */
export function mendReportedFiles(db: WriteConnection, store: SyncStore, folder: string, dir: string, device: string): MendedFile[] {
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
    if (decoded?.status === 'whole' && decoded.header.device === device) {
      mended.writtenAs = writeChangeFiles(store, dir, device, decoded.events.map((e) => JSON.stringify(e)));
    } else {
      // This device's own copy is damaged too: its events are rebuilt from the collection, all of them, once.
      everything ??= writeChangeFiles(store, dir, device, ownEventBodies(db, device));
      mended.writtenAs = everything;
    }
    fs.rmSync(path.join(dir, mended.name), { force: true });
    store.forgetFile(device, mended.name);
  }
  return [...byName.values()];
}
