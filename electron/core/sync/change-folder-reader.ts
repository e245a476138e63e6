import fs from 'node:fs';
import path from 'node:path';
import { decodeChangeFile, maxChangeFileBytes, parseChangeFileName, type ConflictEngine } from './change-file.js';
import { safeList } from './change-file-writer.js';
import { deviceIdPattern, type SyncEvent } from './sync-event.js';

/** A change file seen in the folder, with enough to tell whether it changed since it was last read. */
export interface FolderFile {
  device: string;
  name: string;
  size: number;
  mtimeMs: number;
}

export interface FolderScan {
  /** Whole files not read before, with their events. */
  read: { file: FolderFile; events: SyncEvent[]; conflictCopy: ConflictEngine | null }[];
  /** Every change file present, read before or not. */
  present: FolderFile[];
  /** Every device subfolder (a device makes its own on its first round, changes or not). */
  devices: string[];
  /** Files still arriving (shorter than their header says): read on a later round. */
  incomplete: string[];
  /** Files that are whole but wrong: never applied. */
  damaged: { name: string; reason: string }[];
  invalidEvents: number;
  conflictCopies: number;
}

/**
 * Reads every device's subfolder. `known` says which files were read already
 * (same device, name, size and modification time): those are skipped, so a
 * round costs a folder listing plus the new files only.
 */
export function scanChangeFolder(
  folder: string,
  known: (file: FolderFile) => boolean,
  onProgress?: (filesRead: number, filesToRead: number) => void,
): FolderScan {
  const scan: FolderScan = { read: [], present: [], devices: [], incomplete: [], damaged: [], invalidEvents: 0, conflictCopies: 0 };
  const todo: { file: FolderFile; conflictCopy: ConflictEngine | null; full: string }[] = [];
  for (const device of safeList(folder)) {
    if (!deviceIdPattern.test(device)) continue;
    const dir = path.join(folder, device);
    scan.devices.push(device);
    for (const name of safeList(dir)) {
      const parsed = parseChangeFileName(name);
      if (!parsed) continue;
      const full = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const file: FolderFile = { device, name, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
      scan.present.push(file);
      if (parsed.conflictCopy) scan.conflictCopies += 1;
      if (!known(file)) todo.push({ file, conflictCopy: parsed.conflictCopy, full });
    }
  }
  // Oldest first per device, so a long history arrives in order and progress reads naturally.
  todo.sort((a, b) => (a.file.device === b.file.device ? a.file.name.localeCompare(b.file.name) : a.file.device.localeCompare(b.file.device)));
  todo.forEach((t, i) => {
    onProgress?.(i, todo.length);
    if (t.file.size > maxChangeFileBytes) {
      scan.damaged.push({ name: `${t.file.device}/${t.file.name}`, reason: `larger than any change file Demarc writes (${maxChangeFileBytes / 1024 / 1024} MiB); not read` });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(t.full);
    } catch {
      scan.incomplete.push(`${t.file.device}/${t.file.name}`);
      return;
    }
    const decoded = decodeChangeFile(bytes);
    if (decoded.status === 'incomplete') scan.incomplete.push(`${t.file.device}/${t.file.name}`);
    else if (decoded.status === 'damaged') scan.damaged.push({ name: `${t.file.device}/${t.file.name}`, reason: decoded.reason });
    else if (decoded.status === 'whole') {
      scan.invalidEvents += decoded.invalid;
      scan.read.push({ file: { ...t.file, size: bytes.length }, events: decoded.events, conflictCopy: t.conflictCopy });
    }
  });
  return scan;
}
