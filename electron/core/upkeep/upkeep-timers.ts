import type Database from 'better-sqlite3';
import { dailyBackup } from '../backup/backups.js';

const dailyBackupDelayMs = 5000;
/** Checkpoint the WAL once answers pause this long, instead of inside an answer's commit. */
const idleCheckpointMs = 2000;
/** A safety net for long unbroken bursts: SQLite checkpoints by itself past this many WAL pages. */
const walAutoCheckpointPages = 10_000;

/**
 * The collection's background upkeep: the once-a-day backup and the idle WAL
 * checkpoint. Neither ever throws from a timer (a failure is kept for
 * `doctor`), and neither timer keeps the process alive.
 */
export class UpkeepTimers {
  /** The last failure of background upkeep (a backup on a full disk, say). */
  lastError: string | null = null;
  private checkpointTimer: ReturnType<typeof setTimeout> | null = null;
  private backupTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly options: { file: string; backupDir: string; now: () => number; afterAnswers?: () => void },
  ) {
    if (options.file !== ':memory:') db.pragma(`wal_autocheckpoint = ${walAutoCheckpointPages}`);
  }

  private inBackground(work: () => unknown): void {
    if (!this.db.open || this.db.inTransaction) return;
    try {
      work();
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Takes the day's backup a few seconds after opening, off the startup path. */
  scheduleDailyBackup(): void {
    if (this.options.file === ':memory:') return;
    this.backupTimer = setTimeout(() => {
      this.backupTimer = null;
      this.inBackground(() => dailyBackup(this.db, this.options.backupDir, this.options.now()));
    }, dailyBackupDelayMs);
    this.backupTimer.unref?.();
  }

  /**
   * Once answers pause: the follow-up writes of answering (`afterAnswers`,
   * today's readiness point), then a checkpoint that moves WAL pages into the
   * database while the learner reads the next card, so no answer pays for it.
   */
  scheduleIdleCheckpoint(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (this.options.afterAnswers) this.inBackground(this.options.afterAnswers);
      if (this.options.file !== ':memory:') this.inBackground(() => this.db.pragma('wal_checkpoint(PASSIVE)'));
    }, idleCheckpointMs);
    this.checkpointTimer.unref?.();
  }

  /** Runs what is pending now (closing, or a test that cannot wait for the timer). */
  flush(): void {
    if (!this.checkpointTimer) return;
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.options.afterAnswers) this.inBackground(this.options.afterAnswers);
  }

  stop(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    if (this.backupTimer) clearTimeout(this.backupTimer);
    this.checkpointTimer = null;
    this.backupTimer = null;
  }
}
