import type { SyncTarget } from '../sync/sync-target.js';
import { cached } from '../db/statement-cache.js';
import { syncFolder } from './sync-service.js';
import { syncRoundsOf, type SyncRoundsCollection } from './sync-rounds.js';
import { oneRow } from '../db/typed-statements.js';

export interface SyncSchedulerOptions {
  /** A round at least this often while the app is open. */
  everyMs?: number;
  /** A round once answering has paused this long with answers not yet synced. */
  afterPauseMs?: number;
  /** How often to look. */
  checkMs?: number;
}

/**
 * When the app syncs by itself: soon after start, after a pause in answering,
 * every few minutes while open, and on quit. It only looks at the collection
 * (answers not yet taken into the event log), so the answer path knows
 * nothing of it. Failures end up in the status line, never thrown from a timer.
 */
export class SyncScheduler {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastRound = 0;
  private readonly everyMs: number;
  private readonly afterPauseMs: number;
  private readonly checkMs: number;

  private readonly source: () => SyncRoundsCollection;

  /** `source` may be a function: the app's collection is opened again after a restore. */
  constructor(source: SyncRoundsCollection | (() => SyncRoundsCollection), options: SyncSchedulerOptions = {}) {
    this.source = typeof source === 'function' ? source : () => source;
    this.everyMs = options.everyMs ?? 5 * 60_000;
    this.afterPauseMs = options.afterPauseMs ?? 45_000;
    this.checkMs = options.checkMs ?? 10_000;
  }

  private get collection(): SyncTarget {
    return this.source().syncTarget();
  }

  start(): void {
    const first = setTimeout(() => void this.round(), 3000);
    first.unref?.();
    this.timer = setInterval(() => this.tick(), this.checkMs);
    this.timer.unref?.();
  }

  /**
   * On quit: no more timers; a round still running is stopped safely (its
   * merge rolls back, the next start does it again; what it had written to the
   * folder stays), else one last round when something waits to travel.
   * Resolves once no round runs.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const rounds = syncRoundsOf(this.source());
    if (rounds.running) return rounds.stop();
    if (this.hasPendingChanges()) await this.round();
  }

  private tick(): void {
    const now = Date.now();
    if (now - this.lastRound >= this.everyMs) {
      void this.round();
      return;
    }
    const newest = this.newestUntakenAnswer();
    if (newest !== null && this.collection.now() - newest >= this.afterPauseMs) void this.round();
  }

  /** A round in the worker, unless one runs already (Sync now, or a slow first sync). */
  private async round(): Promise<void> {
    const c = this.collection;
    const rounds = syncRoundsOf(this.source());
    if (c.door.read((db) => !db.open || db.inTransaction) || rounds.running) return;
    const folder = syncFolder(c);
    this.lastRound = Date.now();
    if (!folder) return;
    try {
      await rounds.run(folder);
    } catch {
      // Kept in the status line with the action that helps.
    }
  }

  private newestUntakenAnswer(): number | null {
    return this.collection.door.read((db) => (db.open ? oneRow(cached<number | null, []>(db, 'SELECT max(reviewed_at) FROM review_log WHERE event_id IS NULL').pluck().get()) : null));
  }

  private hasPendingChanges(): boolean {
    return this.collection.door.read(
      (db) =>
        db.open &&
        cached(db, 'SELECT EXISTS (SELECT 1 FROM review_log WHERE event_id IS NULL) OR EXISTS (SELECT 1 FROM sync_local_edits) OR EXISTS (SELECT 1 FROM sync_outbox) OR EXISTS (SELECT 1 FROM sync_content_dirty)')
          .pluck()
          .get() === 1,
    );
  }
}
