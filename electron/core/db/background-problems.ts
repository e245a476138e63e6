import type { SqliteDatabase } from './sqlite-file.js';
import { ErrorCode, isDemarcError } from '../domain/errors.js';
import { translateSqliteError } from './sqlite-errors.js';

export type BackgroundJob = 'backup' | 'checkpoint';

/** A failure of upkeep nobody asked for (the daily backup, a WAL checkpoint): shown as a banner and by `doctor`. */
export interface BackgroundProblem {
  job: BackgroundJob;
  code: string;
  message: string;
  /** What the user can do about it. */
  action: string;
  at: number;
}

/** What the banner shows (`app.health`). */
export interface StorageHealth {
  /** The collection file was deleted or replaced while the app ran: nothing more is saved. */
  fileProblem: string | null;
  background: BackgroundProblem[];
}

const keyOf = (job: BackgroundJob) => `background_problem_${job}`;

function actionFor(code: string, job: BackgroundJob, backupDir: string): string {
  switch (code) {
    case ErrorCode.diskFull:
      return job === 'backup'
        ? `Free some space on the disk holding ${backupDir}, then use Back up now (Settings → Backups).`
        : 'Free some space on the disk holding your collection; Demarc keeps trying.';
    case ErrorCode.databaseReadOnly:
      return job === 'backup'
        ? `Make ${backupDir} writable, then use Back up now (Settings → Backups).`
        : 'Make the collection file and its folder writable again, then restart Demarc.';
    case ErrorCode.databaseCorrupt:
      return 'Your collection is damaged: run "demarc doctor", then restore a backup that passed its check (Settings → Backups → Restore…).';
    case ErrorCode.databaseLocked:
      return 'Another program holds the collection; close it. Demarc tries again on its own.';
    case ErrorCode.notFound:
      return job === 'backup'
        ? `${backupDir} cannot be created (a missing drive, or a file in its way): fix that, then use Back up now (Settings → Backups).`
        : 'The collection file is gone: close Demarc, then restore a backup (demarc restore) or start fresh.';
    default:
      return 'Run "demarc doctor" for details.';
  }
}

/**
 * Kept in memory and, where the collection can still be written, in its
 * `meta` table, so that `demarc doctor` in another process reports what the
 * app's background work ran into. A later success of the same job clears it.
 */
export class BackgroundProblems {
  private readonly current = new Map<BackgroundJob, BackgroundProblem>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly backupDir: string,
  ) {
    if (file === ':memory:') return;
    for (const job of ['backup', 'checkpoint'] as const) {
      try {
        const value = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(keyOf(job));
        if (value) this.current.set(job, JSON.parse(value) as BackgroundProblem);
      } catch {
        // an unreadable record is no problem to report
      }
    }
  }

  record(job: BackgroundJob, error: unknown, now: number): BackgroundProblem {
    const typed = translateSqliteError(error, this.file);
    const code = isDemarcError(typed) ? typed.code : ErrorCode.internal;
    const message = typed instanceof Error ? typed.message : String(typed);
    const problem: BackgroundProblem = { job, code, message, action: actionFor(code, job, this.backupDir), at: now };
    this.current.set(job, problem);
    this.persist(job, JSON.stringify(problem));
    return problem;
  }

  clear(job: BackgroundJob): void {
    if (!this.current.delete(job)) return;
    this.persist(job, null);
  }

  list(): BackgroundProblem[] {
    return [...this.current.values()];
  }

  private persist(job: BackgroundJob, value: string | null): void {
    if (this.file === ':memory:' || !this.db.open || this.db.inTransaction) return;
    try {
      if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(keyOf(job));
      else this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(keyOf(job), value);
    } catch {
      // a full disk or a read-only file: the problem stays in memory and on the banner
    }
  }
}
