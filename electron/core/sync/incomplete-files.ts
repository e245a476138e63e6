import type { SyncStore } from './sync-store.js';

/**
 * A change file shorter than its header says is still being copied by the
 * sync engine, and is read again next round. One that stays cut short,
 * unchanged, for longer than any engine needs was damaged on the way: it
 * is then listed as unreadable, and its writer is told to write it again.
 */
export const stuckAfterMs = 60 * 60_000;

const key = 'incompleteSince';

export class IncompleteFiles {
  private readonly since: Map<string, { identity: string; since: number }>;
  private changed = false;

  constructor(private readonly store: SyncStore) {
    const stored = store.getJson<Record<string, { identity: string; since: number }>>(key);
    this.since = new Map(stored && typeof stored === 'object' ? Object.entries(stored) : []);
  }

  /** Notes a file found cut short; true once it has been so, unchanged, for `stuckAfterMs`. */
  stuck(file: { label: string; identity: string }, now: number): boolean {
    const seen = this.since.get(file.label);
    if (seen?.identity === file.identity) return now - seen.since >= stuckAfterMs;
    this.since.set(file.label, { identity: file.identity, since: now });
    this.changed = true;
    return false;
  }

  /** Forgets files no longer cut short (read, stuck, or gone). */
  keepOnly(labels: ReadonlySet<string>): void {
    for (const label of [...this.since.keys()]) {
      if (labels.has(label)) continue;
      this.since.delete(label);
      this.changed = true;
    }
  }

  save(): void {
    if (!this.changed) return;
    if (this.since.size === 0) this.store.delete(key);
    else this.store.set(key, JSON.stringify(Object.fromEntries(this.since)));
    this.changed = false;
  }
}
