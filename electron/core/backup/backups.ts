import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { studyDay, dateOfDay } from '../domain/day-clock.js';
import { assertHealthyForBackup, damagedCollection, recordCheck } from './backup-check.js';
import type { PendingCheck } from './collection-check.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import { fsyncDirectory, fsyncFile } from '../db/durable-files.js';
import { copyThrough, heldDescriptorOf } from '../db/held-descriptor.js';
import { processIsAlive } from '../db/running-lock.js';

/**
 * Online backups with `VACUUM INTO`: a consistent snapshot even while the app
 * writes (WAL readers see one transaction boundary), compacted, one file.
 * VACUUM INTO neither writes its output atomically nor fsyncs it, so a crash
 * mid-way would leave a torn file under the backup's name (and the next start
 * would skip "today's" backup and offer the torn one for restore): it writes
 * beside the target, fsyncs, then renames over it. The collection passes
 * quick_check first (a damaged one is never copied), and the copy records
 * that check in its own `meta` table.
 */
export function backupTo(db: Database.Database, outFile: string): { file: string; bytes: number } {
  const check = assertHealthyForBackup(db, db.name);
  return stageBackup(db, outFile, { result: () => [] }, check.checkedAt).finish();
}

/** A backup copied under a temporary name, put in place by `finish` once its check passes. */
export interface StagedBackup {
  /** Waits for the check; a failing one removes the copy and throws. Then records it and puts the copy in place. */
  finish(): { file: string; bytes: number };
  /** Removes the copy, in place or not (an import that failed after all). */
  discard(): void;
}

/**
 * Copies the collection beside `outFile` now and leaves the verdict to
 * `check` (a quick_check already under way on another thread, see
 * collection-check.ts): an import overlaps the check with its writing and
 * finishes the backup just before it commits.
 */
export function stageBackup(db: Database.Database, outFile: string, check: PendingCheck, checkedAt = Date.now()): StagedBackup {
  const target = path.resolve(outFile);
  // Named for the process writing it, so that a copy left by a killed one can be told from one being written now.
  const partial = `${target}.${process.pid}.partial`;
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  const removeLeftovers = () => {
    for (const leftover of leftovers) fs.rmSync(leftover, { force: true });
  };
  // A full disk or a read-only folder must not leave half a backup behind, and is said as such
  // (DISK_FULL, DATABASE_READ_ONLY), not as a raw ENOSPC from the copy.
  const guarded = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      removeLeftovers();
      throw translateSqliteError(error, target);
    }
  };
  guarded(() => {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    removeLeftovers();
    if (!copySnapshot(db, partial)) db.prepare('VACUUM INTO ?').run(partial);
  });
  return placeWhenChecked(partial, target, check, checkedAt, db.name);
}

/**
 * A copy written under its temporary name `partial`, put in place as
 * `target` by `finish` once `check` (the collection's quick_check, under way
 * on another thread) passes: the check recorded in the copy, fsynced, renamed,
 * the folder fsynced. A failing check removes the copy and says what was found.
 */
export function placeWhenChecked(partial: string, target: string, check: PendingCheck, checkedAt: number, collectionFile: string): StagedBackup {
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  const removeLeftovers = () => {
    for (const leftover of leftovers) fs.rmSync(leftover, { force: true });
  };
  let placed = false;
  return {
    finish() {
      const problems = check.result();
      if (problems.length > 0) {
        removeLeftovers();
        throw damagedCollection(collectionFile, problems);
      }
      try {
        recordCheck(partial, { quickCheck: 'ok', checkedAt });
        fsyncFile(partial);
      } catch (error) {
        removeLeftovers();
        throw translateSqliteError(error, target);
      }
      fs.renameSync(partial, target);
      placed = true;
      fsyncDirectory(path.dirname(target));
      return { file: target, bytes: fs.statSync(target).size };
    },
    discard() {
      removeLeftovers();
      if (placed) fs.rmSync(target, { force: true });
    },
  };
}

/** The before-import backup's `finish` also keeps only the newest few before-import backups in `dir`. */
export function rotatingBeforeImport(staged: StagedBackup, dir: string): StagedBackup {
  return {
    finish: () => {
      const done = staged.finish();
      rotateBeforeImportBackups(dir);
      return done;
    },
    discard: () => staged.discard(),
  };
}

/**
 * The fast path: with the WAL checkpointed into the database and a write lock
 * held, the database file alone is the whole collection, so a plain copy of
 * its bytes is a consistent snapshot, several times faster than VACUUM INTO
 * on a large collection. The bytes are read through the descriptor the
 * collection holds (db/held-descriptor.ts), never through one opened and
 * closed here, which would drop SQLite's locks on the file. Returns false,
 * having copied nothing, whenever that cannot be guaranteed.
 */
function copySnapshot(db: Database.Database, partial: string): boolean {
  if (db.memory || db.inTransaction || db.readonly) return false;
  const fd = heldDescriptorOf(db.name);
  if (fd === null) return false;
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (!checkpoint || checkpoint.busy !== 0) return false;
  db.exec('BEGIN IMMEDIATE');
  try {
    const wal = `${db.name}-wal`;
    if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return false;
    copyThrough(fd, partial);
    return true;
  } finally {
    db.exec('COMMIT');
  }
}



/** A copy under way (`NAME.PID.partial`, with SQLite's side files), or one from an older version (`NAME.sqlite.partial`). */
const partialPattern = /^.+?\.sqlite(?:\.(\d+))?\.partial(?:-journal|-wal|-shm)?$/;

/**
 * Removes the half-written copies in a backups folder whose writer is gone (a
 * crash or a kill during a backup, a before-import one above all, leaves a
 * file the size of the collection that nothing would ever remove). Run when
 * a collection is opened and before each backup it makes; only in its own
 * backups folder (never in a folder `backup --out` names). A copy that a live process
 * (this one included: an import's backup waits for its import) is writing
 * is left alone. Returns the names removed.
 */
export function removeAbandonedCopies(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = partialPattern.exec(name);
    if (!match) continue;
    const pid = match[1] === undefined ? null : Number(match[1]);
    if (pid !== null && (pid === process.pid || processIsAlive(pid))) continue;
    try {
      if (!fs.lstatSync(path.join(dir, name)).isFile()) continue;
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: the next open tries again.
    }
  }
  return removed;
}

const dailyPattern = /^daily-(\d{4}-\d{2}-\d{2})\.sqlite$/;

/**
 * The day's backup file when one is due: none taken today yet, and the
 * collection has reviews (one index probe, cheap enough for the app's thread).
 */
export function dailyBackupDue(db: Database.Database, dir: string, now: number): string | null {
  const file = path.join(dir, `daily-${dateOfDay(studyDay(now, 0))}.sqlite`);
  if (fs.existsSync(file)) return null;
  const hasData = db.prepare('SELECT EXISTS (SELECT 1 FROM review_log)').pluck().get() === 1;
  return hasData ? file : null;
}

/**
 * Once a day on start, in place (scripted callers; the app takes it on a
 * worker thread, upkeep-timers.ts): keep the last 7 daily backups and one per week for 4 weeks.
 */
export function dailyBackup(db: Database.Database, dir: string, now: number): string | null {
  const file = dailyBackupDue(db, dir, now);
  if (!file) return null;
  removeAbandonedCopies(dir);
  backupTo(db, file);
  rotateBackups(dir);
  return file;
}

export function rotateBackups(dir: string): string[] {
  const dated = fs
    .readdirSync(dir)
    .map((f) => ({ f, m: dailyPattern.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map((x) => ({ file: x.f, date: x.m[1]! }))
    .sort((a, b) => b.date.localeCompare(a.date));
  const keep = new Set(dated.slice(0, 7).map((d) => d.file));
  const weeksKept = new Set<string>();
  for (const d of dated.slice(7)) {
    const week = isoWeek(d.date);
    if (weeksKept.size < 4 && !weeksKept.has(week)) {
      weeksKept.add(week);
      keep.add(d.file);
    }
  }
  const removed: string[] = [];
  for (const d of dated) {
    if (!keep.has(d.file)) {
      fs.rmSync(path.join(dir, d.file));
      removed.push(d.file);
    }
  }
  return removed;
}

const beforeImportPattern = /^before-import-.*\.sqlite$/;
/** Before-import backups kept: the newest few, enough to undo a run of bad imports without filling the disk. */
export const beforeImportKept = 5;

/** Keeps the newest `beforeImportKept` before-import backups (their names sort by time). */
export function rotateBeforeImportBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => beforeImportPattern.test(f))
    .sort()
    .reverse();
  const removed = files.slice(beforeImportKept);
  for (const f of removed) fs.rmSync(path.join(dir, f), { force: true });
  return removed;
}

function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / 604_800_000);
  return `${d.getUTCFullYear()}-W${week}`;
}

/** The newest backup in a folder, offered when the collection cannot be opened. */
export function latestBackup(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  return files[0] ? path.join(dir, files[0].f) : null;
}

export function timestampedName(prefix: string, now: number): string {
  return `${prefix}-${new Date(now).toISOString().replace(/[:.]/g, '-')}.sqlite`;
}
