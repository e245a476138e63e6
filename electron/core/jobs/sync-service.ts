import { targetOf, type SyncSource } from '../sync/sync-target.js';
import { ErrorCode, isDemarcError } from '../domain/errors.js';
import { checkSyncFolder } from '../sync/sync-folder-check.js';
import { runSyncRound, type SyncRoundOptions } from '../sync/sync-round.js';
import type { SyncReport, SyncStatus } from '../sync/sync-status.js';
import { SyncStore, syncStateJson, syncStateValue } from '../sync/sync-store.js';
import type Database from 'better-sqlite3';
import { cached } from '../db/statement-cache.js';
import { oneRow } from '../db/typed-statements.js';

interface StoredStatus {
  lastSyncAt: number | null;
  lastReport: SyncReport | null;
  lastError: SyncStatus['lastError'];
}

/** The folder chosen in Settings → Sync (this device only; it never travels). */
export function syncFolder(source: SyncSource): string | null {
  const collection = targetOf(source);
  return collection.door.read((db) => syncStateValue(db, 'folder'));
}

export function setSyncFolder(source: SyncSource, folder: string | null): SyncStatus {
  const collection = targetOf(source);
  const checked = folder === null ? null : checkSyncFolder(folder, collection.file);
  collection.door.write((db) => {
    if (checked === null) {
      cached(db, "DELETE FROM sync_state WHERE key = 'folder'").run();
    } else {
      const store = new SyncStore(db);
      store.set('folder', checked);
      store.set('status', JSON.stringify({ lastSyncAt: null, lastReport: null, lastError: null } satisfies StoredStatus));
    }
  }, 'none');
  return syncStatus(collection);
}

export function syncStatus(source: SyncSource): SyncStatus {
  const collection = targetOf(source);
  return collection.door.read((db) => statusOn(db));
}

function statusOn(db: Database.Database): SyncStatus {
  const stored = syncStateJson<StoredStatus>(db, 'status') ?? { lastSyncAt: null, lastReport: null, lastError: null };
  const count = (sql: string) => oneRow(cached<number, []>(db, sql).pluck().get());
  return {
    folder: syncStateValue(db, 'folder'),
    device: syncStateValue(db, 'deviceId'),
    lastSyncAt: stored.lastSyncAt,
    devicesSeen: stored.lastReport?.devicesSeen ?? 0,
    pendingChanges:
      count('SELECT count(*) FROM review_log WHERE event_id IS NULL') +
      count('SELECT count(*) FROM sync_local_edits') +
      count('SELECT count(*) FROM sync_content_dirty') +
      count('SELECT count(*) FROM sync_outbox'),
    waiting: count('SELECT count(*) FROM sync_events WHERE pending = 1'),
    lastError: stored.lastError,
    lastReport: stored.lastReport,
    // The collection alone knows of no round running; the app's rounds add theirs (sync-round-runner.ts).
    progress: null,
  };
}

/** One round, with its outcome (or its error and what helps) kept for the status line. Throws what the round threw. */
export function syncNowRecorded(source: SyncSource, folder: string, options: SyncRoundOptions = {}): SyncReport {
  const collection = targetOf(source);
  const previous = collection.door.read((db) => syncStateJson<StoredStatus>(db, 'status')) ?? { lastSyncAt: null, lastReport: null, lastError: null };
  try {
    const report = runSyncRound(collection, folder, options);
    collection.door.write((db) => new SyncStore(db).set('status', JSON.stringify({ lastSyncAt: report.at, lastReport: report, lastError: null } satisfies StoredStatus)), 'none');
    return report;
  } catch (error) {
    recordSyncFailure(collection, error, previous);
    throw error;
  }
}

/** Keeps a failed round's error, with what helps, for the status line (also for a worker that died without saying why). */
export function recordSyncFailure(source: SyncSource, error: unknown, previous?: StoredStatus): void {
  const collection = targetOf(source);
  const message = error instanceof Error ? error.message : String(error);
  try {
    const before = previous ?? collection.door.read((db) => syncStateJson<StoredStatus>(db, 'status')) ?? { lastSyncAt: null, lastReport: null, lastError: null };
    collection.door.write((db) => new SyncStore(db).set('status', JSON.stringify({ ...before, lastError: { message, action: actionFor(error), at: collection.now() } } satisfies StoredStatus)), 'none');
  } catch {
    // The collection itself cannot be written (full disk, locked): the caller reports the error.
  }
}

/** The one thing that helps, as the status line's button or hint. */
function actionFor(error: unknown): string {
  if (!isDemarcError(error)) return 'Try Sync now again; if it keeps failing, run "demarc doctor".';
  switch (error.code) {
    case ErrorCode.notFound:
      return 'Connect the drive or share that holds the folder, or choose the folder again.';
    case ErrorCode.diskFull:
      return 'Free some disk space, then press Sync now.';
    case ErrorCode.databaseLocked:
      return 'Close the other program that has the collection open, then press Sync now.';
    case ErrorCode.invalidArgument:
      return 'Choose another folder.';
    default:
      return 'Press Sync now to try again.';
  }
}
