import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CardContent } from '../domain/types.js';
import { importLimits } from '../importing/import-limits.js';
import { folderBytes, writeMedia } from '../importing/media-store.js';
import { writeFileAtomically } from './change-file-writer.js';
import { cached } from '../db/statement-cache.js';
import { deviceIdPattern, type MediaRef } from './sync-event.js';
import type { WriteConnection } from '../db/collection-door.js';
import { listFolder, readUntrustedFile } from './untrusted-file.js';

/*
 * Media travel beside the change files, never inside them: each device puts
 * the media its cards use into `<its subfolder>/media/<SHA-256 of the bytes>`,
 * written once (the same bytes always have the same name), and a card event
 * names them by hash. A file arriving there is as hostile as one in an
 * imported package: it is read only when a card wants it, only up to the
 * media budgets of import-limits.ts, and written to the media folder only
 * when its bytes hash to its name; there it is served like imported media,
 * by its sniffed type and inert (electron/shared/media-response.ts).
 */

const mediaFolder = 'media';

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The media files a card's HTML refers to (`<img src="media/…">` and `[sound:…]`): our own sanitised text. */
export function mediaNamesOf(content: CardContent): string[] {
  if (content.kind !== 'basic' || !content.html) return [];
  const names = new Set<string>();
  for (const html of [content.front, content.back]) {
    for (const m of html.matchAll(/src="media\/([^"]{1,1000})"/g)) {
      try {
        names.add(decodeURIComponent(m[1]!));
      } catch {
        // not one of ours
      }
    }
    for (const m of html.matchAll(/\[sound:([^\]<>"]{1,300})\]/g)) names.add(m[1]!);
  }
  return [...names];
}

/**
 * Puts the named media files of this collection into this device's media
 * subfolder (those not there yet) and returns what a card event says of them.
 * A name whose file is missing or too large is left out: the card travels
 * without it, as it shows here.
 */
export class MediaPublisher {
  private readonly known = new Map<string, MediaRef | null>();

  constructor(
    private readonly mediaDir: string | null,
    private readonly deviceDir: string,
  ) {}

  publish(names: readonly string[]): MediaRef[] {
    const refs: MediaRef[] = [];
    for (const name of names) {
      let ref = this.known.get(name);
      if (ref === undefined) {
        ref = this.publishOne(name);
        this.known.set(name, ref);
      }
      if (ref) refs.push(ref);
    }
    return refs;
  }

  private publishOne(name: string): MediaRef | null {
    if (!this.mediaDir || name !== path.basename(name)) return null;
    const file = path.join(this.mediaDir, name);
    let data: Buffer;
    try {
      if (fs.statSync(file).size > importLimits.maxMediaFileBytes) return null;
      data = fs.readFileSync(file);
    } catch {
      return null;
    }
    const sha256 = sha256Of(data);
    const dir = path.join(this.deviceDir, mediaFolder);
    const target = path.join(dir, sha256);
    if (!fs.existsSync(target)) {
      fs.mkdirSync(dir, { recursive: true });
      writeFileAtomically(target, data);
    }
    return { name, sha256, bytes: data.length };
  }
}

/**
 * After this device's change files were written again (a folder restored
 * from an old backup), the media its own card events name are put back too,
 * from the media folder, when a file's bytes still match its hash.
 */
export function republishOwnMedia(ownCardMedia: Iterable<MediaRef>, mediaDir: string | null, deviceDir: string): number {
  if (!mediaDir) return 0;
  const dir = path.join(deviceDir, mediaFolder);
  let written = 0;
  const seen = new Set<string>();
  for (const ref of ownCardMedia) {
    if (seen.has(ref.sha256)) continue;
    seen.add(ref.sha256);
    const target = path.join(dir, ref.sha256);
    if (fs.existsSync(target)) continue;
    const data = readIfPlausible(path.join(mediaDir, path.basename(ref.name)));
    if (!data || sha256Of(data) !== ref.sha256) continue;
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomically(target, data);
    written += 1;
  }
  return written;
}

/**
 * Where this device keeps a media file that arrived: under the name the
 * other device used, unless a different file of that name is here already
 * (then the name gets a short hash, as imports do). Nothing is written yet:
 * the file is wanted until its bytes arrive (fetchWantedMedia).
 */
export class MediaReceiver {
  private readonly hashes = new Map<string, string | null>();

  constructor(
    private readonly db: WriteConnection,
    private readonly mediaDir: string | null,
  ) {}

  /** The local name a card should use for `ref`. */
  localName(ref: MediaRef): string {
    if (!this.mediaDir) return ref.name;
    let name = ref.name;
    const holder = this.hashOf(name) ?? this.wantedUnder(name);
    if (holder !== null && holder !== ref.sha256) {
      const ext = path.extname(name);
      name = `${name.slice(0, name.length - ext.length)}-${ref.sha256.slice(0, 8)}${ext}`;
    }
    if (this.hashOf(name) !== ref.sha256) {
      cached(this.db, 'INSERT OR IGNORE INTO sync_media_wanted (sha256, name, bytes) VALUES (?, ?, ?)').run(ref.sha256, name, ref.bytes);
    }
    return name;
  }

  /** The file already wanted under this name (by an earlier card), if any. */
  private wantedUnder(name: string): string | null {
    return cached<string>(this.db, 'SELECT sha256 FROM sync_media_wanted WHERE name = ? LIMIT 1').pluck().get(name) ?? null;
  }

  private hashOf(name: string): string | null {
    let hash = this.hashes.get(name);
    if (hash === undefined) {
      try {
        hash = sha256Of(fs.readFileSync(path.join(this.mediaDir!, name)));
      } catch {
        hash = null;
      }
      this.hashes.set(name, hash);
    }
    return hash;
  }
}

export interface MediaFetch {
  written: number;
  /** Files whose bytes do not match their hash, or that are over a budget: never written. */
  refused: number;
  /** Still wanted: not arrived yet (or over this round's budget). */
  waiting: number;
}

/**
 * Copies wanted media from any device's media subfolder into the media
 * folder, each only when its bytes hash to the name asked for. At most one
 * import's media budget is read per round, and nothing is written past the
 * media folder's budget.
 */
export function fetchWantedMedia(db: WriteConnection, folder: string, mediaDir: string | null): MediaFetch {
  const result: MediaFetch = { written: 0, refused: 0, waiting: 0 };
  const wanted = cached<{ sha256: string; name: string; bytes: number }>(db, 'SELECT sha256, name, bytes FROM sync_media_wanted').all();
  if (wanted.length === 0) return result;
  const done = cached(db, 'DELETE FROM sync_media_wanted WHERE sha256 = ? AND name = ?');
  if (!mediaDir) {
    for (const w of wanted) done.run(w.sha256, w.name);
    return result;
  }
  const devices = listFolder(folder).folders.filter((d) => deviceIdPattern.test(d));
  // Everything read counts, matching or not: a folder full of wrong files costs one budget a round, no more.
  let readBytes = 0;
  let folderTotal = folderBytes(mediaDir);
  for (const w of wanted) {
    let data: Buffer | null = null;
    for (const device of devices) {
      if (readBytes >= importLimits.maxImportMediaBytes) break;
      const candidate = readIfPlausible(path.join(folder, device, mediaFolder, w.sha256));
      if (!candidate) continue;
      readBytes += candidate.length;
      if (sha256Of(candidate) === w.sha256) {
        data = candidate;
        break;
      }
      result.refused += 1;
    }
    if (!data || folderTotal + data.length > importLimits.maxMediaFolderBytes) {
      result.waiting += 1;
      continue;
    }
    writeMedia(mediaDir, [{ name: w.name, data, write: true }]);
    folderTotal += data.length;
    done.run(w.sha256, w.name);
    result.written += 1;
  }
  return result;
}

/** A regular file no larger than a media file may be, read through no link (a link or a folder under that name is not read). */
function readIfPlausible(file: string): Buffer | null {
  const read = readUntrustedFile(file, importLimits.maxMediaFileBytes);
  return read.ok ? read.bytes : null;
}
