import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MediaFile } from './import-model.js';

/** The media folder next to a collection file; null for an in-memory collection (nothing is saved). */
export function mediaDirFor(collectionFile: string): string | null {
  if (collectionFile === ':memory:' || collectionFile === '') return null;
  return path.join(path.dirname(path.resolve(collectionFile)), 'media');
}

/**
 * Decides the name each imported media file is saved under: its own name,
 * unless a different file of that name is already in the folder, in which
 * case a short hash of the content is added (`photo-1a2b3c4d.jpg`).
 * Nothing is written here.
 */
export function planMedia(dir: string | null, files: ReadonlyMap<string, Uint8Array>): { media: MediaFile[]; names: Map<string, string> } {
  const media: MediaFile[] = [];
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [name, data] of files) {
    const safe = path.basename(name);
    if (!dir) {
      media.push({ name: safe, data, write: false });
      names.set(name, safe);
      continue;
    }
    let final = safe;
    let write = true;
    const existing = readIfPresent(path.join(dir, safe));
    if (existing && sameBytes(existing, data)) write = false;
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

/** Writes the planned files (each through a temporary name, then renamed into place). */
export function writeMedia(dir: string | null, media: readonly MediaFile[]): void {
  if (!dir) return;
  const pending = media.filter((m) => m.write);
  if (!pending.length) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const m of pending) {
    const target = path.join(dir, path.basename(m.name));
    const temp = `${target}.${process.pid}.part`;
    fs.writeFileSync(temp, m.data);
    fs.renameSync(temp, target);
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
