import { DemarcError, ErrorCode } from '../domain/errors.js';
import { cached } from '../db/statement-cache.js';
import { recordSyncFailure, setSyncFolder, syncFolder, syncNowRecorded, syncStatus } from './sync-service.js';
import type { SyncProgress, SyncReport, SyncStatus } from '../sync/sync-status.js';
import type { SyncTarget } from '../sync/sync-target.js';
import { runSyncInWorker, type SyncWorkerTarget } from './sync-worker-host.js';

/** What the app's rounds need of the collection: its file, for the worker's own connection, and its sync target. */
export interface SyncRoundsCollection extends SyncWorkerTarget {
  syncTarget(): SyncTarget;
}

interface RoundState {
  progress: SyncProgress;
  /** Asks the worker of the moment to stop (the first round's, then the follow-up's). */
  stop: () => void;
  stopped: boolean;
}

interface RunningRound extends RoundState {
  result: Promise<SyncReport>;
}

/**
 * The app's sync rounds (Settings → Sync, the timers, quitting), one at a
 * time per collection. Each runs in a worker thread on a connection of its
 * own (sync-worker.ts), so the app answers every other call meanwhile; when
 * it ends, this side reads again what the round changed (settings, caches,
 * undo). Answers and edits made during a round after its first step are not
 * in it (its merge even replays their cards without them), so one more round
 * follows straight away to take them. A collection kept in memory (tests)
 * cannot be shared with a worker: its rounds run in place.
 */
export class SyncRounds {
  private current: RunningRound | null = null;
  private readonly listeners = new Set<(progress: SyncProgress) => void>();

  constructor(private readonly collection: SyncRoundsCollection) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Where the running round is, or null. */
  get progress(): SyncProgress | null {
    return this.current ? { ...this.current.progress } : null;
  }

  /** The status line's data, with the running round's progress. */
  status(): SyncStatus {
    return { ...syncStatus(this.collection), progress: this.progress };
  }

  setFolder(folder: string | null): SyncStatus {
    if (this.current) throw new DemarcError(ErrorCode.conflict, 'A sync is running; change the folder once it has finished.');
    return setSyncFolder(this.collection, folder);
  }

  /**
   * Sync now, from Settings: starts a round, or joins the one running, and
   * returns the status at once (the screen follows `progress`). The outcome,
   * or the error with what helps, lands in the status. A folder not chosen
   * yet is the one thing asked for first.
   */
  syncNow(): SyncStatus {
    const folder = syncFolder(this.collection);
    if (!folder) throw new DemarcError(ErrorCode.invalidArgument, 'Choose a sync folder first.');
    this.collection.syncTarget().door.assertWritable();
    this.run(folder).catch(() => {
      // recorded in the status
    });
    return this.status();
  }

  /** A round (and its follow-up), or the one already running: never two at once. */
  run(folder: string): Promise<SyncReport> {
    if (this.current) return this.current.result;
    if (this.collection.file === ':memory:') {
      try {
        return Promise.resolve(syncNowRecorded(this.collection, folder));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const state: RoundState = { progress: { message: 'Starting', fraction: null, startedAt: Date.now() }, stop: () => {}, stopped: false };
    const round: RunningRound = Object.assign(state, {
      result: this.roundAndFollowUp(folder, state).finally(() => {
        if (this.current === round) this.current = null;
      }),
    });
    this.current = round;
    // Callers may never look (Sync now, the timers): no unhandled rejection meanwhile.
    round.result.catch(() => {});
    return round.result;
  }

  /** Stops the running round at its next report (quitting, restoring): a merge under way rolls back. Resolves once it has ended. */
  async stop(): Promise<void> {
    const round = this.current;
    if (!round) return;
    round.stopped = true;
    round.stop();
    await round.result.catch(() => {});
  }

  /** Each report of a running round; returns the unsubscribe. */
  listen(listener: (progress: SyncProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async roundAndFollowUp(folder: string, round: RoundState): Promise<SyncReport> {
    let report = await this.inWorker(folder, round);
    // A round reads a bounded amount: the files it had no room for come next (a first sync of a huge history, or a flood).
    for (let more = 0; !round.stopped && report.filesLeft > 0 && more < maxFollowUps; more++) report = await this.inWorker(folder, round);
    if (round.stopped || !this.changedDuringRound()) return report;
    return this.inWorker(folder, round);
  }

  private async inWorker(folder: string, round: RoundState): Promise<SyncReport> {
    const run = runSyncInWorker(this.collection, folder, (message, fraction) => {
      round.progress = { ...round.progress, message, fraction };
      for (const listener of this.listeners) listener({ ...round.progress });
    });
    round.stop = run.stop;
    if (round.stopped) run.stop();
    try {
      const report = await run.result;
      if (report.added > 0 || report.replayedCards > 0) {
        // The worker's connection changed settings or cards under this one: its cached settings, schedulers, titles and undo no longer hold.
        const target = this.collection.syncTarget();
        target.reloadSettings();
        target.afterCardsChanged();
      }
      return report;
    } catch (error) {
      if (!run.recorded()) recordSyncFailure(this.collection, error);
      throw error;
    }
  }

  /** Answers, edits or card content the round did not take: they were made after its first step. */
  private changedDuringRound(): boolean {
    return this.collection.syncTarget().door.read((db) =>
      db.open &&
      cached(db, 'SELECT EXISTS (SELECT 1 FROM review_log WHERE event_id IS NULL) OR EXISTS (SELECT 1 FROM sync_local_edits) OR EXISTS (SELECT 1 FROM sync_content_dirty)')
        .pluck()
        .get() === 1,
    );
  }
}

/** Rounds that follow one that left files (each reads about two million changes at most). */
const maxFollowUps = 20;

const roundsByCollection = new WeakMap<SyncRoundsCollection, SyncRounds>();

/** The one set of rounds of a collection, shared by the API handlers and the timers. */
export function syncRoundsOf(collection: SyncRoundsCollection): SyncRounds {
  let rounds = roundsByCollection.get(collection);
  if (!rounds) {
    rounds = new SyncRounds(collection);
    roundsByCollection.set(collection, rounds);
  }
  return rounds;
}
