import fs from 'node:fs';
import path from 'node:path';
import { decodeChangeFile, maxChangeFileBytes, parseChangeFileName, type ConflictEngine, type DecodedChangeFile } from './change-file.js';
import { deviceIdPattern } from './sync-event.js';
import { listFolder, readUntrustedFile } from './untrusted-file.js';
import type { FolderFile } from './sync-store.js';

export type { FolderFile };


/** A change file not read before, as listed: where it is and what it is now. */
export interface FolderEntry {
  file: FolderFile;
  /** `device/name`, as the status names it. */
  label: string;
  path: string;
  /** Size, times and inode: a file that changes in any way is something else. */
  identity: string;
  conflictCopy: ConflictEngine | null;
}

export interface FolderListing {
  /** Change files not read before, oldest first per device. */
  todo: FolderEntry[];
  /** Every change file present, read before or not. */
  present: FolderFile[];
  /** Every device subfolder (a device makes its own on its first round, changes or not). */
  devices: string[];
  conflictCopies: number;
  /** Entries named like change files (or device subfolders) that are links or not regular files: never followed or read. */
  notFiles: { device: string; name: string; identity: string; reason: string }[];
}

/**
 * Lists every device's subfolder without reading a file. A device subfolder
 * must be a real folder and a change file a regular file: links are listed
 * as such and never followed. `known` says which files were read already
 * (same device, name, size and modification time): a round reads only the
 * others.
 */
export function listChangeFolder(folder: string, known: (file: FolderFile) => boolean): FolderListing {
  const listing: FolderListing = { todo: [], present: [], devices: [], conflictCopies: 0, notFiles: [] };
  const top = listFolder(folder);
  for (const name of top.others) {
    if (deviceIdPattern.test(name)) listing.notFiles.push({ device: name, name: '', identity: identityOf(path.join(folder, name)), reason: 'a link or a special file where a device folder should be: not followed' });
  }
  for (const device of top.folders) {
    if (!deviceIdPattern.test(device)) continue;
    const dir = path.join(folder, device);
    listing.devices.push(device);
    const entries = listFolder(dir);
    for (const name of entries.others) {
      if (parseChangeFileName(name)) listing.notFiles.push({ device, name, identity: identityOf(path.join(dir, name)), reason: 'a link or a special file, not a change file: not followed' });
    }
    for (const name of entries.files) {
      const parsed = parseChangeFileName(name);
      if (!parsed) continue;
      const full = path.join(dir, name);
      let stat: fs.BigIntStats;
      try {
        stat = fs.lstatSync(full, { bigint: true });
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const file: FolderFile = { device, name, size: Number(stat.size), mtimeMs: Number(stat.mtimeMs) };
      listing.present.push(file);
      if (parsed.conflictCopy) listing.conflictCopies += 1;
      if (!known(file)) listing.todo.push({ file, label: `${device}/${name}`, path: full, identity: identityOfStat(stat), conflictCopy: parsed.conflictCopy });
    }
  }
  // Oldest first per device, so a long history arrives in order and progress reads naturally.
  listing.todo.sort((a, b) => (a.file.device === b.file.device ? a.file.name.localeCompare(b.file.name) : a.file.device.localeCompare(b.file.device)));
  return listing;
}

/**
 * Reads and decodes one listed change file: at most `maxChangeFileBytes`
 * bytes, never through a link, and any failure in decoding it (a bug, a
 * value no check foresaw) is this file being damaged, not the round failing.
 */
export function readChangeFile(entry: FolderEntry): DecodedChangeFile | { status: 'unreadable'; reason: string } | { status: 'gone' } {
  const read = readUntrustedFile(entry.path, maxChangeFileBytes);
  if (!read.ok) {
    if (read.gone) return { status: 'gone' };
    return { status: 'unreadable', reason: read.reason.startsWith('larger') ? `larger than any change file Demarc writes (${maxChangeFileBytes / 1024 / 1024} MiB): not read` : read.reason };
  }
  try {
    return decodeChangeFile(read.bytes);
  } catch (error) {
    return { status: 'damaged', reason: `it could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

function identityOf(file: string): string {
  try {
    return identityOfStat(fs.lstatSync(file, { bigint: true }));
  } catch {
    return 'gone';
  }
}

/** To the nanosecond: a sync engine that puts a fixed file in place within the same millisecond still makes it another file. */
export function identityOfStat(stat: fs.BigIntStats): string {
  return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
}
