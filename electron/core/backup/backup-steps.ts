import fs from 'node:fs';
import path from 'node:path';
import { fsyncDirectory, fsyncFile } from '../db/durable-files.js';
import { openSqliteFile } from '../db/sqlite-file.js';
import { translateSqliteError } from '../db/sqlite-errors.js';
import type { ReportProgress } from '../db/worker-run.js';
import { damagedCollection, quickCheck, recordCheck } from './backup-check.js';
import { placeWhenChecked, removeAbandonedCopies, rotatingBeforeImport, timestampedName, type StagedBackup } from './backups.js';
import { startCollectionCheck, type PendingCheck } from './collection-check.js';

/** What a backup wrote. */
export interface BackupResult {
  file: string;
  bytes: number;
}

/** Pages copied per step of SQLite's online backup (4 MiB at the collection's 4 KiB pages): the stop flag is looked at between steps. */
export const backupPagesPerStep = 1024;

/** The temporary name a backup is written under: named for the writing process, so a copy left by a killed one can be told from one being written now. */
export function partialNameOf(target: string): string {
  return `${target}.${process.pid}.partial`;
}

/**
 * A backup with SQLite's online backup API, in steps, on a connection of its
 * own (read-only, memory-mapped): run on a worker thread (backup-worker.ts),
 * so the app's thread keeps answering. The quick_check and the copy read one
 * snapshot (a read transaction held from the check to the last page): answers
 * committed meanwhile go to the next backup and never restart this one, and
 * the copy holds exactly what was checked. The copy is written under a
 * temporary name, gets the check recorded in its `meta` table, is made a
 * stand-alone rollback-journal file, fsynced and renamed into place: a
 * failure, a stop or a kill leaves nothing under the backup's name, and what
 * it leaves under the temporary one is removed here or at the next open.
 */
export async function backupInSteps(file: string, outFile: string, report: ReportProgress, pagesPerStep = backupPagesPerStep): Promise<BackupResult> {
  const target = path.resolve(outFile);
  const partial = partialNameOf(target);
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  const removeLeftovers = () => {
    for (const leftover of leftovers) fs.rmSync(leftover, { force: true });
  };
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    removeLeftovers();
    const checkedAt = await copySnapshotInSteps(file, partial, report, pagesPerStep, true);
    report('recording the check', 1);
    recordCheck(partial, { quickCheck: 'ok', checkedAt });
    fsyncFile(partial);
  } catch (error) {
    removeLeftovers();
    throw translateSqliteError(error, target);
  }
  // No report (and so no stop) after this point: once renamed, the backup is whole and in place.
  fs.renameSync(partial, target);
  fsyncDirectory(path.dirname(target));
  return { file: target, bytes: fs.statSync(target).size };
}

/**
 * The backup an import makes on its worker (jobs/import-worker.ts): the same
 * copy in steps from one read snapshot, without holding the write lock (the
 * app's answers keep committing meanwhile and go to the next backup). Its
 * quick_check is `check`, already running on another thread: the import
 * writes meanwhile and `finish` waits for the verdict just before the import
 * commits (backups.ts `placeWhenChecked`). A failure leaves nothing behind.
 */
export async function stageBackupInSteps(file: string, outFile: string, check: PendingCheck, report: ReportProgress, pagesPerStep = backupPagesPerStep): Promise<StagedBackup> {
  const target = path.resolve(outFile);
  const partial = partialNameOf(target);
  const removeLeftovers = () => {
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
  };
  const checkedAt = Date.now();
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    removeLeftovers();
    await copySnapshotInSteps(file, partial, report, pagesPerStep, false);
  } catch (error) {
    removeLeftovers();
    throw translateSqliteError(error, target);
  }
  return placeWhenChecked(partial, target, check, checkedAt, file);
}

/**
 * The backup an import makes (the import job's worker, `demarc import`):
 * staged in steps from one read snapshot with its quick_check on another
 * thread meanwhile; `finish` (just before the import commits) puts it in
 * place and keeps only the newest before-import backups.
 */
export async function beforeImportBackup(file: string, backupDir: string, now: number, report: ReportProgress, pagesPerStep?: number): Promise<StagedBackup> {
  removeAbandonedCopies(backupDir);
  const check = startCollectionCheck(file);
  const staged = await stageBackupInSteps(file, path.join(backupDir, timestampedName('before-import', now)), check, report, pagesPerStep);
  return rotatingBeforeImport(staged, backupDir);
}

/**
 * Copies `file` into `partial` with SQLite's online backup, `pagesPerStep`
 * pages a step, from one read snapshot of a read-only memory-mapped
 * connection of its own; with `checkFirst`, quick_check reads that snapshot
 * first and a damaged collection is never copied. Returns when the check ran.
 */
async function copySnapshotInSteps(file: string, partial: string, report: ReportProgress, pagesPerStep: number, checkFirst: boolean): Promise<number> {
  const source = openSqliteFile(file, { readonly: true, fileMustExist: true });
  try {
    source.pragma('mmap_size = 1073741824');
    source.exec('BEGIN');
    try {
      // The first read starts the read transaction: from here on this connection sees one snapshot.
      source.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
      if (checkFirst) {
        report('checking', 0);
        const problems = quickCheck(source);
        if (problems.length > 0) throw damagedCollection(file, problems);
      }
      const checkedAt = Date.now();
      report('copying', 0);
      await source.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          report('copying', totalPages > 0 ? (totalPages - remainingPages) / totalPages : 1);
          return pagesPerStep;
        },
      });
      return checkedAt;
    } finally {
      source.exec('COMMIT');
    }
  } finally {
    source.close();
  }
}
