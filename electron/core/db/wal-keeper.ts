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
  /** Pages (4 KiB each): about 6 MB, reached only when checkpoints cannot keep up. */
  autoCheckpointPages: 1500,
  idleMs: 2000,
} as const;

export function applyWalPragmas(db: SqliteDatabase): void {
  db.pragma(`journal_size_limit = ${walLimits.journalSizeLimitBytes}`);
  db.pragma(`wal_autocheckpoint = ${walLimits.autoCheckpointPages}`);
}

/** The checkpoint queued right after an answer once the WAL has grown; the idle one is UpkeepTimers'. */
export class WalKeeper {
  private soon: ReturnType<typeof setImmediate> | null = null;

  constructor(
    private readonly file: string,
    /** Runs the checkpoint as background upkeep (failures are recorded, never thrown). */
    private readonly run: (work: () => void) => void,
    private readonly checkpoint: () => void,
  ) {}

  /** After a write has been acknowledged. */
  afterWrite(): void {
    if (this.file === ':memory:' || this.soon !== null) return;
    if (walBytes(this.file) <= walLimits.checkpointAfterBytes) return;
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
