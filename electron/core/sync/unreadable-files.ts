import type { SyncStore } from './sync-store.js';

/*
 * Files in the folder that could not be read: damaged, not Demarc's, links,
 * too large, or a file a round died on. Each is remembered with the identity
 * it had then (size, times, inode), is not read again while that identity
 * holds (a sync engine that fixes a file gives it a new one), and stays in
 * the status with what to do until it is fixed or gone. So a bad file costs
 * one read, once, and never stops a round.
 */

export interface UnreadableFile {
  /** `device/name`, as the status shows it. */
  file: string;
  device: string;
  name: string;
  /** What the file was when it was found unreadable: read again only once it is something else. */
  identity: string;
  reason: string;
  since: number;
  /**
   * Its writer can mend it by writing its events again, and is told so (read-report.ts): damaged or cut short
   * on the way, or refused as not its writer's (`notTheirs`), which mends only if it stands in place of a
   * file of that name the writer made.
   */
  repairable: boolean;
}

/** How a file refused as not signed by the device whose folder holds it ends its reason (folder-merge.ts). */
const notTheirsEnding = ': not read';

export function notTheirs(reason: string): string {
  return `${reason}${notTheirsEnding}`;
}

export function isNotTheirs(f: Pick<UnreadableFile, 'reason'>): boolean {
  return f.reason.endsWith(notTheirsEnding);
}

const key = 'unreadableFiles';
/** A folder full of junk is listed up to this many; the rest are skipped all the same (see `isKnownBad`). */
const maxListed = 500;

export class UnreadableFiles {
  private readonly entries: Map<string, UnreadableFile>;
  private changed = false;

  constructor(private readonly store: SyncStore) {
    const stored = store.getJson<UnreadableFile[]>(key);
    this.entries = new Map((Array.isArray(stored) ? stored : []).map((e) => [e.file, e]));
  }

  /** Whether this file, as it is now, was found unreadable before. */
  isKnownBad(file: string, identity: string): boolean {
    return this.entries.get(file)?.identity === identity;
  }

  mark(entry: Omit<UnreadableFile, 'file'>): void {
    const file = `${entry.device}/${entry.name}`;
    const before = this.entries.get(file);
    if (before?.identity === entry.identity && before.reason === entry.reason && before.repairable === entry.repairable) return;
    if (!before && this.entries.size >= maxListed) return;
    this.entries.set(file, { file, ...entry, since: before?.since ?? entry.since });
    this.changed = true;
  }

  /** A file read fine now, or gone: no longer listed. */
  clear(file: string): void {
    if (this.entries.delete(file)) this.changed = true;
  }

  /** Keeps only the files still present under these names. */
  keepOnly(present: ReadonlySet<string>): void {
    for (const file of [...this.entries.keys()]) if (!present.has(file)) this.clear(file);
  }

  list(): UnreadableFile[] {
    return [...this.entries.values()];
  }

  save(): void {
    if (!this.changed) return;
    this.store.set(key, JSON.stringify(this.list()));
    this.changed = false;
  }
}
