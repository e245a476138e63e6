import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { importLimits, mib } from './import-limits.js';
import type { MediaFile } from './import-model.js';
import { normaliseMediaName } from './media-names.js';

/** The media folder next to a collection file; null for an in-memory collection (nothing is saved). */
export function mediaDirFor(collectionFile: string): string | null {
  if (collectionFile === ':memory:' || collectionFile === '') return null;
  return path.join(path.dirname(path.resolve(collectionFile)), 'media');
}

/**
 * Decides the name each imported media file is saved under: its normalised
 * name (media-names.ts), unless a different file of that name is already in
 * the folder, in which case a short hash of the content is added
 * (`photo-1a2b3c4d.jpg`). Checks the budgets first: each file, the import's
 * media together and the media folder afterwards. Nothing is written here.
 */
export function planMedia(fileName: string, dir: string | null, files: ReadonlyMap<string, Uint8Array>): { media: MediaFile[]; names: Map<string, string> } {
  checkMediaBudgets(fileName, dir, files);
  const media: MediaFile[] = [];
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [name, data] of files) {
    const safe = normaliseMediaName(name);
    if (!dir) {
      media.push({ name: safe, data, write: false });
      names.set(name, safe);
      continue;
    }
    let final = safe;
    let write = true;
    const existing = readIfPresent(path.join(dir, safe));
    if (existing && sameBytes(existing, data) && !taken.has(safe)) write = false;
    else if (existing || taken.has(safe)) {
      const ext = path.extname(safe);
      final = `${safe.slice(0, safe.length - ext.length)}-${sha1(data).slice(0, 8)}${ext}`;
      const again = readIfPresent(path.join(dir, final));
      write = !(again && sameBytes(again, data));
    }
    taken.add(final);
    names.set(name, final);
    media.push({ name: final, data, write });
  }
  return { media, names };
}

/** The per-file and per-import media budgets; returns the total. */
export function checkMediaBudget(fileName: string, files: Iterable<{ name: string; bytes: number }>): number {
  let total = 0;
  for (const { name, bytes } of files) {
    if (bytes > importLimits.maxMediaFileBytes) {
      throw new DemarcError(ErrorCode.fileTooLarge, `${fileName}: media file "${name}" is ${mib(bytes)} MiB; a media file may be at most ${mib(importLimits.maxMediaFileBytes)} MiB.`);
    }
    total += bytes;
  }
  if (total > importLimits.maxImportMediaBytes) {
    throw new DemarcError(
      ErrorCode.fileTooLarge,
      `${fileName}: its cards use ${mib(total)} MiB of media; one import may bring at most ${mib(importLimits.maxImportMediaBytes)} MiB.`,
    );
  }
  return total;
}

function checkMediaBudgets(fileName: string, dir: string | null, files: ReadonlyMap<string, Uint8Array>): void {
  const total = checkMediaBudget(fileName, [...files].map(([name, data]) => ({ name, bytes: data.length })));
  if (dir && total > 0) {
    const after = folderBytes(dir) + total;
    if (after > importLimits.maxMediaFolderBytes) {
      throw new DemarcError(
        ErrorCode.fileTooLarge,
        `${fileName}: its media would make the media folder ${mib(after)} MiB; the limit is ${mib(importLimits.maxMediaFolderBytes)} MiB (delete decks you no longer use to make room).`,
      );
    }
  }
}

/** The bytes of the files directly in a folder (0 when it is missing). */
export function folderBytes(dir: string): number {
  let total = 0;
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) total += fs.statSync(path.join(dir, entry.name)).size;
  } catch {
    return 0;
  }
  return total;
}

/**
 * Writes the planned files (each through a temporary name, then renamed into
 * place) and returns what it created, so a failed import can take it all
 * back (see removeWrittenMedia). On a failure here it removes what it wrote itself.
 */
export function writeMedia(dir: string | null, media: readonly MediaFile[]): WrittenMedia {
  const written: WrittenMedia = { files: [], createdDir: null };
  if (!dir) return written;
  const pending = media.filter((m) => m.write);
  if (!pending.length) return written;
  try {
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      written.createdDir = dir;
    }
    for (const m of pending) {
      const target = path.join(dir, path.basename(m.name));
      const temp = `${target}.${process.pid}.part`;
      try {
        fs.writeFileSync(temp, m.data);
        fs.renameSync(temp, target);
        written.files.push(target);
      } finally {
        fs.rmSync(temp, { force: true });
      }
    }
  } catch (error) {
    removeWrittenMedia(written);
    throw error;
  }
  return written;
}

export interface WrittenMedia {
  files: string[];
  /** The media folder, when this import created it. */
  createdDir: string | null;
}

/** Takes back what writeMedia wrote: the new files, and the folder when it was new and is empty again. */
export function removeWrittenMedia(written: WrittenMedia): void {
  for (const file of written.files) fs.rmSync(file, { force: true });
  if (written.createdDir) {
    try {
      fs.rmdirSync(written.createdDir);
    } catch {
      // not empty: something else wrote there meanwhile; leave it
    }
  }
}

function readIfPresent(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function sha1(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}
