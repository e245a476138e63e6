import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { RunningLock } from '../db/running-lock.js';
import { checkBackupFile } from './backup-check.js';
import { fsyncDirectory, fsyncFile } from '../db/durable-files.js';
import { finishPendingRestore, journalOf, partialOf, type PendingRestore } from '../db/pending-restore.js';

export interface RestoreResult {
  restored: string;
  /**
   * Where the file that was replaced now lives (with its -wal/-shm), or null when there was none.
   * Named for when it was set aside, not for its health: a restore also replaces healthy files.
   */
  previousKeptAs: string | null;
}


/**
 * Puts a backup in place of the collection. The backup must pass quick_check
 * now (it may have been damaged since it was written); the current file and
 * its WAL are never overwritten but renamed aside, so nothing is lost if the
 * backup turns out to be the wrong one. Refused while the app runs (it would
 * keep writing to the renamed file), and the app cannot start mid-restore.
 *
 * Crash-safe: the backup is copied and fsynced under a temporary name, then
 * a small journal names the renames to do; a restore cut short is finished
 * by the next restore or the next open (finishPendingRestore), so the
 * collection's name never holds a torn copy or the old file without its WAL.
 */
export function restoreBackup(collectionFile: string, backupFile: string, now: number): RestoreResult {
  if (!fs.existsSync(backupFile)) throw new DemarcError(ErrorCode.notFound, `There is no backup at ${backupFile}.`);
  const lock = RunningLock.acquire(collectionFile, 'restore');
  try {
    finishPendingRestore(collectionFile);
    const problems = checkBackupFile(backupFile);
    if (problems.length > 0) {
      throw new DemarcError(
        ErrorCode.databaseCorrupt,
        `${backupFile} fails its check (${problems.slice(0, 2).join('; ')}), so it was not restored and ${collectionFile} was left as it was. Choose another backup ("demarc restore --list").`,
      );
    }
    fs.mkdirSync(path.dirname(path.resolve(collectionFile)), { recursive: true });
    const partial = partialOf(collectionFile);
    fs.rmSync(partial, { force: true });
    fs.copyFileSync(backupFile, partial);
    fsyncFile(partial);
    const existed = fs.existsSync(collectionFile);
    const pending: PendingRestore = { backup: backupFile, keptAs: asideName(collectionFile, now) };
    const journal = journalOf(collectionFile);
    fs.writeFileSync(`${journal}.tmp`, JSON.stringify(pending));
    fsyncFile(`${journal}.tmp`);
    fs.renameSync(`${journal}.tmp`, journal);
    fsyncDirectory(path.dirname(path.resolve(collectionFile)));
    finishPendingRestore(collectionFile);
    return { restored: backupFile, previousKeptAs: existed ? pending.keptAs : null };
  } finally {
    lock.release();
  }
}




function asideName(file: string, now: number): string {
  const base = `${file}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  let name = base;
  for (let n = 2; fs.existsSync(name) || fs.existsSync(`${name}-wal`); n++) name = `${base}-${n}`;
  return name;
}


