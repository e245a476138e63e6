import { openScratchCopy, openSqliteFile, type SqliteDatabase } from '../db/sqlite-file.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { backupSchemaProblems } from './backup-schema.js';

/** What a backup records about the collection it was taken from. */
export interface BackupCheck {
  /** `PRAGMA quick_check` of the collection just before it was copied: always 'ok' (a failing one is never copied). */
  quickCheck: string;
  checkedAt: number;
}

const checkKey = 'backup_check';

/**
 * Runs SQLite's quick_check (page and b-tree structure, without the
 * index-by-index comparison of integrity_check) on the live collection
 * before it is copied, so a damaged collection never lands in `backups/`
 * looking like a good backup, where it would push out the good ones.
 */
export function assertHealthyForBackup(db: SqliteDatabase, file: string): BackupCheck {
  const problems = db.memory ? quickCheck(db) : quickCheckFile(file);
  if (problems.length > 0) throw damagedCollection(file, problems);
  return { quickCheck: 'ok', checkedAt: Date.now() };
}

export function damagedCollection(file: string, problems: readonly string[]): DemarcError {
  return new DemarcError(
    ErrorCode.databaseCorrupt,
    `${file} is damaged (quick_check: ${problems.slice(0, 3).join('; ')}), so no backup was written and your existing backups were kept. Run "demarc doctor" and restore a backup that passed its check.`,
  );
}

/**
 * quick_check of a collection file on a read-only connection of its own
 * (memory-mapped): it sees what is committed, as the copy will, and runs
 * about five times faster than on the app's read-write connection (0.5 s
 * against 2.5 s on a million-review collection), which made every import
 * wait for it. It finds the same damage (tested with damaged pages).
 */
export function quickCheckFile(file: string): string[] {
  const reader = openSqliteFile(file, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('mmap_size = 1073741824');
    return quickCheck(reader);
  } finally {
    reader.close();
  }
}

export function quickCheck(db: SqliteDatabase): string[] {
  const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
  // Its messages can span lines ("*** in database main ***\n…"): one line each, for messages and the CLI.
  return rows.map((r) => r.quick_check.replace(/\s+/g, ' ').trim()).filter((m) => m !== 'ok');
}

/**
 * Writes the check into the copy itself (its `meta` table), and makes the
 * copy a stand-alone rollback-journal file, so it opens read-only anywhere
 * without needing -wal/-shm files beside it.
 */
export function recordCheck(copy: string, check: BackupCheck): void {
  const db = openScratchCopy(copy);
  try {
    db.pragma('journal_mode = DELETE');
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(checkKey, JSON.stringify(check));
  } finally {
    db.close();
  }
}

/**
 * A backup opened for checking: read-only, and with `trusted_schema` off, so
 * that no SQL in its schema may call functions with side effects.
 */
function openBackup(backup: string): SqliteDatabase {
  const db = openSqliteFile(backup, { readonly: true, fileMustExist: true });
  db.pragma('trusted_schema = OFF');
  return db;
}

/**
 * What Settings → Backups shows without checking every page: 'ok' or 'not
 * checked' from the check the backup recorded when it was written, or
 * 'failed: …' when its schema is not Demarc's own at a version this build
 * opens (cheap, and checked before the recorded verdict is believed: a
 * crafted file can record 'ok' too).
 */
export function recordedVerdict(backup: string): string {
  const db = openBackup(backup);
  try {
    const foreign = backupSchemaProblems(db);
    if (foreign.length > 0) return `failed: ${foreign.join('; ')}`;
    const value = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(checkKey);
    const recorded = value ? (JSON.parse(value) as Partial<BackupCheck>) : null;
    return recorded?.quickCheck === 'ok' ? 'ok' : 'not checked';
  } finally {
    db.close();
  }
}

/**
 * The check before a backup is listed as good by `restore --list` or
 * restored: Demarc's own schema at a version this build opens (before
 * anything reads a row), a Demarc collection, and quick_check. Opened
 * read-only, never written.
 */
export function checkBackupFile(backup: string): string[] {
  try {
    const db = openBackup(backup);
    try {
      const foreign = backupSchemaProblems(db);
      if (foreign.length > 0) return foreign;
      const isDemarc = db.prepare("SELECT value FROM meta WHERE key = 'application'").pluck().get() === 'demarc';
      if (!isDemarc) return ['not a Demarc collection'];
      return quickCheck(db);
    } finally {
      db.close();
    }
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
