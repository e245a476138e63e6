import type { SyncStore } from './sync-store.js';

/*
 * The change files a round is reading and merging, noted before each is
 * read and cleared when their merge commits. A round that dies in between
 * (out of memory, killed) leaves the note behind: the next round reads each
 * of those files alone, and a file that was being read alone when a round
 * died for the second time is set aside as unreadable, so no file can stop
 * every round. (A failure that throws is handled at once, see folder-merge.ts.)
 */

export interface InFlightFile {
  label: string;
  device: string;
  name: string;
  identity: string;
  /** Rounds that died with this file in flight. */
  attempts: number;
  /** It was the only file in flight then. */
  alone: boolean;
}

const key = 'filesInFlight';

export class InFlightFiles {
  /** What a round that died left behind. */
  private readonly previous: Map<string, InFlightFile>;
  private current: InFlightFile[] = [];

  constructor(private readonly store: SyncStore) {
    const stored = store.getJson<InFlightFile[]>(key);
    this.previous = new Map((Array.isArray(stored) ? stored : []).map((f) => [f.label, f]));
  }

  /** Files that were alone in flight twice when a round died: not to be read again as they are. */
  condemned(): InFlightFile[] {
    return [...this.previous.values()].filter((f) => f.alone && f.attempts >= 2);
  }

  /** Whether a round died with this file (as it is now) in flight: it is read alone. */
  isSuspect(label: string, identity: string): boolean {
    return this.previous.get(label)?.identity === identity;
  }

  /** Notes one more file of the batch, before it is read (a write of its own, so a death while reading it is known). */
  add(file: { label: string; device: string; name: string; identity: string }, alone: boolean): void {
    const before = this.previous.get(file.label);
    const attempts = before?.identity === file.identity ? before.attempts + 1 : 1;
    this.current.push({ ...file, attempts, alone });
    this.store.set(key, JSON.stringify(this.current));
  }

  /** The batch's merge committed (or the batch failed in a way that was handled): nothing in flight. */
  clear(): void {
    for (const f of this.current) this.previous.delete(f.label);
    this.current = [];
    this.store.delete(key);
  }
}
