import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { assertNotFromFuture, migrate, pendingMigrations, schemaVersion } from './migrate.js';
import { openSqliteFile, useNativeBinding, type SqliteDatabase } from './sqlite-file.js';
import { translateSqliteError } from './sqlite-errors.js';

export interface OpenOptions {
  /** Path to an alternative better-sqlite3 native build (the Electron-ABI one). */
  nativeBinding?: string;
  /** Called with the database before pending migrations run on an existing collection. */
  beforeMigrate?: (db: SqliteDatabase) => void;
  readonly?: boolean;
}

/**
 * Opens (or creates) a collection, refusing files that are not Demarc
 * collections, are damaged, or come from a newer version, without writing
 * to them. Pragmas: WAL for concurrent readers (CLI backup while the app
 * runs), synchronous=FULL so an acknowledged answer survives power loss.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const isMemory = file === ':memory:';
  const existed = !isMemory && fs.existsSync(file);
  if (!isMemory && !existed) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (existed) checkHeader(file);

  let db: SqliteDatabase;
  try {
    if (options.nativeBinding !== undefined) useNativeBinding(options.nativeBinding);
    db = openSqliteFile(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      timeout: 2000,
    });
  } catch (error) {
    throw translateSqliteError(error, file);
  }
  try {
    if (existed) probe(db, file);
    if (existed && !options.readonly) assertWritable(file);
    assertNotFromFuture(db, file);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // 32 MiB of page cache (the default is 2 MiB): big imports and stats passes stay in memory.
      db.pragma('cache_size = -32768');
      if (existed && schemaVersion(db) > 0 && pendingMigrations(db).length > 0) options.beforeMigrate?.(db);
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file);
  }
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

function checkHeader(file: string): void {
  const stat = fs.statSync(file);
  if (stat.size === 0) return; // an empty file is a new collection
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, 100, 0);
    if (read < 100 || !header.subarray(0, 16).equals(sqliteMagic)) {
      throw new DemarcError(ErrorCode.databaseCorrupt, `${file} is not a Demarc collection: it is not an SQLite database (damaged or a different kind of file). It was left untouched.`);
    }
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    if (pages > 0 && stat.size < pageSize * pages && !fs.existsSync(`${file}-wal`)) {
      throw new DemarcError(ErrorCode.databaseCorrupt, `${file} is damaged: it is shorter than its own header says (${stat.size} of ${pageSize * pages} bytes; truncated?). It was left untouched.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * SQLite quietly opens a file it may not write read-only, and the app would
 * only fail at the first answer: refuse at once, with the reason.
 */
function assertWritable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (error) {
    throw new DemarcError(
      ErrorCode.databaseReadOnly,
      `${file} is read-only, and Demarc must write your answers to it. Make it writable (or copy it to a folder you can write to) and try again. It was left untouched.`,
      { cause: error },
    );
  }
}

function probe(db: SqliteDatabase, file: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return;
  const isDemarc =
    tables.includes('meta') &&
    db.prepare("SELECT value FROM meta WHERE key = 'application'").pluck().get() === 'demarc';
  if (!isDemarc) {
    throw new DemarcError(
      ErrorCode.databaseForeign,
      `${file} is an SQLite database of another application (tables: ${tables.slice(0, 5).join(', ')}), not a Demarc collection. It was left untouched.`,
    );
  }
  // No full integrity check here: at a million reviews it would cost a second
  // at every start. Damage found later surfaces as SQLITE_CORRUPT, which
  // translateSqliteError names; `demarc doctor` runs the full check.
}
