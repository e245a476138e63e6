import fs from 'node:fs';
import type { SqliteDatabase } from './sqlite-file.js';

/**
 * Keeps the write-ahead log small in normal use (about `checkpointAfterBytes`,
 * well under 8 MB) without ever checkpointing
 * inside an answer: after an answer returns, a checkpoint is queued for the
 * next turn of the event loop once the WAL passes `checkpointAfterBytes`, and
 * another runs when answers pause. SQLite's own auto-checkpoint (which runs
 * inside a commit) is only a safety net for a burst that never yields.
 * `journal_size_limit` makes SQLite cut the WAL file back after each reset;
 * without it the file stays at its largest size until a clean exit.
 */
export const walLimits = {
  /** The WAL is cut back to this after each reset, so its size says how much was written since the last checkpoint. */
  journalSizeLimitBytes: 1024 * 1024,
  checkpointAfterBytes: 2 * 1024 * 1024,
  /**
   * The WAL's size is read after every this many writes, not after each: reading it is a system call
   * an answer would pay, and an answer adds about 100 KB, so the log overshoots by a few hundred KB at most.
   */
  sizeReadEvery: 4,
  /** Pages (4 KiB each): about 6 MB, reached only when checkpoints cannot keep up. */
  autoCheckpointPages: 1500,
  idleMs: 2000,
} as const;

export function applyWalPragmas(db: SqliteDatabase): void {
  db.pragma(`journal_size_limit = ${walLimits.journalSizeLimitBytes}`);
  db.pragma(`wal_autocheckpoint = ${walLimits.autoCheckpointPages}`);
}

/**
 * The app's checkpoint (queued after an answer, or once answers pause), which
 * also leaves the log ready for the next answer. Once every frame is in the
 * database, SQLite starts the log over at the next write: that write first
 * writes and syncs a new header, and its commit cuts the file back to
 * `journalSizeLimitBytes`: two more trips to the disk inside whichever answer
 * came next, which made those answers the slowest (twice a plain answer's
 * time, one in twenty answers in the answer benchmark, and in real use the
 * first answer after every pause). So the checkpoint makes that first write
 * itself, while the learner reads the next card: the database header's
 * user_version written back unchanged, one page in one transaction (no
 * table, no trigger, no row changed). A log another
 * connection still reads (a backup's snapshot) is not started over, and a
 * write lock held elsewhere is not waited for: the answer then restarts the
 * log, as before. So does a failed start (a full disk): the next write meets
 * the same disk and reports it, so this one keeps quiet.
 */
export function checkpointWal(db: SqliteDatabase): void {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  if (result === undefined || result.busy !== 0 || result.log <= 0 || result.checkpointed !== result.log) return;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      db.pragma(`user_version = ${version}`);
    }).immediate();
  } catch {
    // Busy, or the disk refused: nothing was written (the transaction rolled back).
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** The checkpoint queued right after an answer once the WAL has grown; the idle one is UpkeepTimers'. */
export class WalKeeper {
  private soon: ReturnType<typeof setImmediate> | null = null;
  private writes = 0;

  constructor(
    private readonly file: string,
    /** Runs the checkpoint as background upkeep (failures are recorded, never thrown). */
    private readonly run: (work: () => void) => void,
    private readonly checkpoint: () => void,
  ) {}

  /** After a write has been acknowledged. */
  afterWrite(): void {
    if (this.file === ':memory:' || this.soon !== null) return;
    if (++this.writes % walLimits.sizeReadEvery !== 0 || walBytes(this.file) <= walLimits.checkpointAfterBytes) return;
    this.soon = setImmediate(() => {
      this.soon = null;
      this.run(this.checkpoint);
    });
    this.soon.unref?.();
  }

  close(): void {
    if (this.soon) clearImmediate(this.soon);
    this.soon = null;
  }
}

export function walBytes(file: string): number {
  return fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}
