import fs from 'node:fs';
import path from 'node:path';
import { Collection, type CollectionOptions } from '../collection.js';
import { backupDirFor } from '../backup/backup-folder.js';
import { backupInWorker } from '../backup/backup-in-worker.js';
import { removeAbandonedCopies, timestampedName } from '../backup/backups.js';
import { latestSchemaVersion } from '../db/migrate.js';
import { settlePendingRestore } from '../db/open-database.js';
import { lockHolder } from '../db/running-lock.js';
import { openSqliteFile } from '../db/sqlite-file.js';

/**
 * Where the opening of the collection is, for the first screen: an older
 * collection is backed up (`backing up`, with the backup's own phase and the
 * share of pages copied), then upgraded (`upgrading`: the migrations, on the
 * app's thread, no count), then `ready`; `failed` says why.
 */
export interface OpeningStatus {
  state: 'opening' | 'backing up' | 'upgrading' | 'ready' | 'failed';
  /** The backup's step: 'checking', 'copying', 'recording the check' ('' otherwise). */
  phase: string;
  /** 0..1 while copying, else null. */
  fraction: number | null;
  /** Why it failed ('' otherwise). */
  message: string;
}

export const openingStarted: OpeningStatus = { state: 'opening', phase: '', fraction: null, message: '' };
export const openingDone: OpeningStatus = { state: 'ready', phase: '', fraction: 1, message: '' };

/** An existing collection's schema version, read on a read-only connection of its own; null when there is nothing to read (new or empty file, or one the open will refuse with its own reason). */
function schemaVersionOfFile(file: string): number | null {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile() || fs.statSync(file).size === 0) return null;
  try {
    const db = openSqliteFile(file, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/**
 * Opens the collection as `Collection.open` does, except that a collection
 * written by an older Demarc is backed up first on a worker thread, in steps
 * (SQLite's online backup, as "Back up now" does), instead of on the app's
 * thread inside the open: at ten million reviews (a 2 GB file) that copy takes
 * from tens of seconds to minutes, during which the app's thread stays free to
 * answer `onStatus`'s readers (the first screen says what is happening). The
 * migrations themselves then run in the open, as before.
 */
export async function openCollection(options: CollectionOptions, onStatus: (status: OpeningStatus) => void = () => {}, backupPagesPerStep?: number): Promise<Collection> {
  onStatus(openingStarted);
  try {
    const migrationBackup = (await backUpIfOlder(options, onStatus, backupPagesPerStep)) ? 'taken' : undefined;
    const collection = Collection.open({ ...options, migrationBackup });
    onStatus(openingDone);
    return collection;
  } catch (error) {
    onStatus({ state: 'failed', phase: '', fraction: null, message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** The backup before an upgrade, on a worker; false when the file needs none (or the open will refuse it). */
async function backUpIfOlder(options: CollectionOptions, onStatus: (status: OpeningStatus) => void, pagesPerStep: number | undefined): Promise<boolean> {
  const file = options.file;
  // Another Demarc serving the file: the open refuses with its own words, before any backup is taken.
  if (file === ':memory:' || (options.runningLock && lockHolder(file))) return false;
  // A restore cut short is finished first: the backup must be of the file that will be opened.
  settlePendingRestore(file);
  const version = schemaVersionOfFile(file);
  // New, empty, not a collection, or from a newer Demarc: nothing to back up, and the open says why it refuses.
  if (version === null || version === 0 || version >= latestSchemaVersion) return false;
  const backupDir = options.backupDir ?? backupDirFor(file);
  onStatus({ state: 'backing up', phase: 'starting', fraction: null, message: '' });
  removeAbandonedCopies(backupDir);
  const outFile = path.join(backupDir, timestampedName('before-migration', (options.now ?? Date.now)()));
  await backupInWorker(file, outFile, (phase, fraction) => onStatus({ state: 'backing up', phase, fraction: phase === 'copying' ? fraction : null, message: '' }), pagesPerStep).result;
  onStatus({ state: 'upgrading', phase: '', fraction: null, message: '' });
  // A status read already on its way is answered before the migrations hold the thread.
  await new Promise((resolve) => setImmediate(resolve));
  return true;
}
