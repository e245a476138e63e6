import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { openDatabase } from '../db/open-database.js';

/**
 * Puts a backup in place of a collection that cannot be opened. The damaged
 * file (and its WAL) is never overwritten: it is renamed aside first, so
 * nothing is lost if the backup turns out to be the wrong one.
 */
export function restoreBackup(collectionFile: string, backupFile: string, now: number): { restored: string; damagedKeptAs: string | null } {
  if (!fs.existsSync(backupFile)) throw new DemarcError(ErrorCode.notFound, `There is no backup at ${backupFile}.`);
  // Refuse a backup that is itself unusable before touching anything.
  openDatabase(backupFile, { readonly: true }).close();
  let damagedKeptAs: string | null = null;
  if (fs.existsSync(collectionFile)) {
    damagedKeptAs = `${collectionFile}.damaged-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(collectionFile, damagedKeptAs);
    for (const ext of ['-wal', '-shm']) if (fs.existsSync(collectionFile + ext)) fs.renameSync(collectionFile + ext, damagedKeptAs + ext);
  }
  fs.mkdirSync(path.dirname(path.resolve(collectionFile)), { recursive: true });
  fs.copyFileSync(backupFile, collectionFile, fs.constants.COPYFILE_EXCL);
  return { restored: backupFile, damagedKeptAs };
}
