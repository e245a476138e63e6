import { cached } from '../db/statement-cache.js';
import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';
import { randomBytes } from 'node:crypto';

/** A change file seen in the folder, with enough to tell whether it changed since it was last read. */
export interface FolderFile {
  device: string;
  name: string;
  size: number;
  mtimeMs: number;
}
import { decodeHlc, encodeHlc, futureMarginMs, HybridClock } from './hybrid-clock.js';

/** One value of this device's sync state, for a read (the folder, the stored status); null when unset. */
export function syncStateValue(db: Database.Database, key: string): string | null {
  return cached<string>(db, 'SELECT value FROM sync_state WHERE key = ?').pluck().get(key) ?? null;
}

/** A JSON value of this device's sync state; null when unset or unreadable. */
export function syncStateJson<T>(db: Database.Database, key: string): T | null {
  const v = syncStateValue(db, key);
  if (v === null) return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
}

/** This device's own sync rows: its id, its clock, its folder and status, the files it has read. Nothing here travels. */
export class SyncStore {
  private readonly getState: Database.Statement<[string], string>;
  private readonly putState: Database.Statement<[string, string]>;
  private readonly knownFile: Database.Statement<[string, string], { size: number; mtime_ms: number }>;
  private readonly putFile: Database.Statement;

  constructor(private readonly db: WriteConnection) {
    this.getState = cached<string, [string]>(db, 'SELECT value FROM sync_state WHERE key = ?').pluck();
    this.putState = cached(db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.knownFile = cached<{ size: number; mtime_ms: number }, [string, string]>(db, 'SELECT size, mtime_ms FROM sync_files WHERE device = ? AND name = ?');
    this.putFile = cached(db, `INSERT INTO sync_files (device, name, size, mtime_ms, own) VALUES (@device, @name, @size, @mtimeMs, @own)
      ON CONFLICT (device, name) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, own = max(own, excluded.own)`);
  }

  get(key: string): string | null {
    return this.getState.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.putState.run(key, value);
  }

  delete(key: string): void {
    cached(this.db, 'DELETE FROM sync_state WHERE key = ?').run(key);
  }

  /** Every entry whose key starts with `prefix`. */
  withPrefix(prefix: string): { key: string; value: string }[] {
    return cached<{ key: string; value: string }>(this.db, 'SELECT key, value FROM sync_state WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key').all({ prefix });
  }

  getJson<T>(key: string): T | null {
    return syncStateJson<T>(this.db, key);
  }

  /** This device's id, made on first use: 16 random hex digits, the name of its subfolder. */
  deviceId(): string {
    let id = this.get('deviceId');
    if (!id) {
      id = randomBytes(8).toString('hex');
      this.set('deviceId', id);
    }
    return id;
  }

  /** A new id, when another installation turned out to write under ours (a copied collection file). */
  renewDeviceId(): string {
    const id = randomBytes(8).toString('hex');
    this.set('deviceId', id);
    // The signing key goes too (a new one is made on the next write): the copy must not sign as the original.
    // The round kept it under the old id first, only to mend that id's files (device-keys.ts retireOwnKey).
    cached(this.db, 'DELETE FROM sync_state WHERE key IN (?, ?, ?)').run('clock', 'nextSeq', 'signingKey');
    return id;
  }

  /** This device's clock, which received stamps move no further than `now()` plus the margin. */
  clock(now: () => number): HybridClock {
    const device = this.deviceId();
    const last = decodeHlc(this.get('clock') ?? '');
    return new HybridClock(device, last && last.device === device ? last : null, () => now() + futureMarginMs);
  }

  saveClock(clock: HybridClock): void {
    this.set('clock', encodeHlc(clock.last));
  }

  isKnown(file: FolderFile): boolean {
    const row = this.knownFile.get(file.device, file.name);
    return row !== undefined && row.size === file.size && row.mtime_ms === file.mtimeMs;
  }

  rememberFile(file: FolderFile, own: boolean): void {
    this.putFile.run({ ...file, own: own ? 1 : 0 });
  }

  forgetFile(device: string, name: string): void {
    cached(this.db, 'DELETE FROM sync_files WHERE device = ? AND name = ?').run(device, name);
  }

  /**
   * An own file folded into another and deleted: its name is remembered (own = 2), so a copy of it
   * that an engine brings back is known as ours, never taken for another installation's.
   */
  retireOwnFile(device: string, name: string): void {
    cached(this.db, 'UPDATE sync_files SET own = 2 WHERE device = ? AND name = ?').run(device, name);
  }

  /** Every name this device wrote under `device`, compacted away or not. */
  everOwnFiles(device: string): string[] {
    return cached<string>(this.db, 'SELECT name FROM sync_files WHERE device = ? AND own > 0').pluck().all(device);
  }

  /** The files this device wrote (and has not compacted away). */
  ownFiles(device: string): string[] {
    return cached<string>(this.db, 'SELECT name FROM sync_files WHERE device = ? AND own = 1').pluck().all(device);
  }

  nextSeq(seenMax: number): number {
    const stored = Number(this.get('nextSeq') ?? '1');
    const seq = Math.max(stored, seenMax + 1);
    this.set('nextSeq', String(seq + 1));
    return seq;
  }
}
