import type Database from 'better-sqlite3';
import { dailyBackupDue, removeAbandonedCopies, rotateBackups } from '../backup/backups.js';
import type { BackgroundJob, BackgroundProblems } from '../db/background-problems.js';
import { checkpointWal, walLimits, WalKeeper } from '../db/wal-keeper.js';

const dailyBackupDelayMs = 5000;
/** Checkpoint the WAL once answers pause this long, instead of inside an answer's commit. */
const idleCheckpointMs = walLimits.idleMs;

/**
 * The collection's background upkeep: the once-a-day backup and the idle WAL
 * checkpoint, plus a checkpoint queued right after an answer once the WAL
 * grows (wal-keeper.ts). None ever throws from a timer (a failure is kept in
 * `problems`, for the banner and `doctor`), and no timer keeps the process alive.
 */
export class UpkeepTimers {
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  private backupTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly walKeeper: WalKeeper;

  constructor(
    private readonly db: Database.Database,
    private readonly options: {
      file: string;
      backupDir: string;
      now: () => number;
      problems: BackgroundProblems;
      /** Throws when the collection file is no longer the one opened. */
      beforeWork?: () => void;
      /** Writes a backup on a worker thread (the collection's backup job), so the app's thread keeps answering. */
      backupInBackground: (outFile: string) => Promise<unknown>;
      afterAnswers?: () => void;
    },
  ) {
    this.walKeeper = new WalKeeper(options.file, (work) => this.inBackground('checkpoint', work), () => checkpointWal(db));
  }

  private inBackground(job: BackgroundJob | null, work: () => unknown): void {
    if (!this.db.open || this.db.inTransaction) return;
    try {
      if (job) this.options.beforeWork?.();
      work();
      if (job) this.options.problems.clear(job);
    } catch (error) {
      if (job) this.options.problems.record(job, error, this.options.now());
    }
  }

  /**
   * Takes the day's backup a few seconds after opening, off the startup path,
   * on a worker thread: only the cheap "is one due?" runs on the app's thread.
   * A failure is kept for the banner and `doctor`; a stop at closing is not one.
   */
  scheduleDailyBackup(): void {
    if (this.options.file === ':memory:') return;
    this.backupTimer = setTimeout(() => {
      this.backupTimer = null;
      this.inBackground(null, () => {
        const { backupDir, problems, now } = this.options;
        let file: string | null;
        try {
          file = dailyBackupDue(this.db, backupDir, now());
          if (!file) return;
          this.options.beforeWork?.();
          removeAbandonedCopies(backupDir);
        } catch (error) {
          problems.record('backup', error, now());
          return;
        }
        const outFile = file;
        this.dailyBackupRun = (async () => {
          try {
            await this.options.backupInBackground(outFile);
            rotateBackups(backupDir);
            if (this.db.open) problems.clear('backup');
          } catch (error) {
            if (this.db.open && !this.stopped) problems.record('backup', error, now());
          }
        })();
      });
    }, dailyBackupDelayMs);
    this.backupTimer.unref?.();
  }

  /** The daily backup under way, if one was started (tests wait for it). */
  dailyBackupRun: Promise<void> | null = null;
  private stopped = false;

  /**
   * Once answers pause: the follow-up writes of answering (`afterAnswers`,
   * today's readiness point), then a checkpoint that moves WAL pages into the
   * database while the learner reads the next card, so no answer pays for it.
   */
  scheduleIdleCheckpoint(): void {
    // Every answer comes through here: a pending timer is pushed back rather than replaced.
    if (this.checkpointTimer) this.checkpointTimer.refresh();
    else {
      this.checkpointTimer = setTimeout(() => {
        this.checkpointTimer = null;
        if (this.options.afterAnswers) this.inBackground(null, this.options.afterAnswers);
        if (this.options.file !== ':memory:') this.inBackground('checkpoint', () => checkpointWal(this.db));
      }, idleCheckpointMs);
      this.checkpointTimer.unref?.();
    }
    this.walKeeper.afterWrite();
  }

  /** Runs what is pending now (closing, or a test that cannot wait for the timer). */
  flush(): void {
    if (!this.checkpointTimer) return;
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.options.afterAnswers) this.inBackground(null, this.options.afterAnswers);
  }

  stop(): void {
    this.stopped = true;
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    if (this.backupTimer) clearTimeout(this.backupTimer);
    this.walKeeper.close();
    this.checkpointTimer = null;
    this.backupTimer = null;
  }
}
