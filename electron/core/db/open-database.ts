import fs from 'node:fs';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { assertNotFromFuture, migrate, pendingMigrations, schemaVersion } from './migrate.js';
import { walCoversShortFile } from './wal-coverage.js';
import { applyWalPragmas } from './wal-keeper.js';
import { finishPendingRestore } from './pending-restore.js';
import { lockHolder } from './running-lock.js';
import { openSqliteFile, useNativeBinding, type SqliteDatabase } from './sqlite-file.js';
import { holdFile, readStart } from './held-descriptor.js';
import { translateSqliteError } from './sqlite-errors.js';

export interface OpenOptions {
  /** Path to an alternative better-sqlite3 native build (the Electron-ABI one). */
  nativeBinding?: string;
  /** Called with the database before pending migrations run on an existing collection. */
  beforeMigrate?: (db: SqliteDatabase) => void;
  readonly?: boolean;
  /** An in-memory collection starts as this serialized database (`db.serialize()`), e.g. a built one copied per test. */
  image?: Buffer | undefined;
}

/**
 * Opens (or creates) a collection, refusing files that are not Demarc
 * collections, are damaged, or come from a newer version, without writing
 * to them. Pragmas: WAL for concurrent readers (CLI backup while the app
 * runs), synchronous=FULL so an acknowledged answer survives power loss.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const isMemory = file === ':memory:';
  if (!isMemory) settlePendingRestore(file);
  const existed = !isMemory && fs.existsSync(file);
  if (!isMemory && !existed) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (existed) checkHeader(file);
  // Before SQLite touches the file: a connection it opens on a file it may not
  // write leaves -wal/-shm files behind with the file's read-only mode, which
  // keep the file refused even after the user makes it writable.
  if (existed && !options.readonly) assertWritable(file);

  let db: SqliteDatabase;
  try {
    if (options.nativeBinding !== undefined) useNativeBinding(options.nativeBinding);
    if (options.image && !isMemory) throw new Error('a serialized image opens only as an in-memory collection');
    db = openSqliteFile(options.image ?? file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      timeout: 2000,
    });
  } catch (error) {
    throw translateSqliteError(error, file);
  }
  try {
    if (existed) probe(db, file);
    assertNotFromFuture(db, file);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      applyWalPragmas(db);
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

/** A restore cut short by a crash is finished before anything opens the file; one still running is waited for by the user. */
export function settlePendingRestore(file: string): void {
  const holder = lockHolder(file);
  if (holder?.role === 'restore' && holder.pid !== process.pid) {
    throw new DemarcError(ErrorCode.databaseLocked, `${file} is being restored from a backup (process ${holder.pid}); wait for it to finish.`);
  }
  if (fs.existsSync(`${file}.restore-journal`) || fs.existsSync(`${file}.restoring`)) finishPendingRestore(file);
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

function checkHeader(file: string): void {
  const stat = fs.statSync(file);
  if (!stat.isFile()) {
    throw new DemarcError(ErrorCode.databaseCorrupt, `${file} is not a Demarc collection: it is not a regular file (a folder, a pipe or a device). It was left untouched.`);
  }
  if (stat.size === 0) return; // an empty file is a new collection
  // Through the descriptor this process holds (held-descriptor.ts): a descriptor of our own, closed again, would drop SQLite's locks on the file.
  const hold = holdFile(file);
  try {
    const header = readStart(hold.fd, 100);
    if (header.length < 100 || !header.subarray(0, 16).equals(sqliteMagic)) {
      throw new DemarcError(ErrorCode.databaseCorrupt, `${file} is not a Demarc collection: it is not an SQLite database (damaged or a different kind of file). It was left untouched.`);
    }
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    // A WAL beside a short file only excuses it when it holds every missing page
    // (a crash inside a checkpoint); a cut copy with a WAL must be refused too,
    // or closing would checkpoint the WAL into the damaged file and delete it.
    const wal = `${file}-wal`;
    if (pages > 0 && stat.size < pageSize * pages && !(fs.existsSync(wal) && walCoversShortFile(wal, stat.size, pageSize, pages))) {
      const walNote = fs.existsSync(wal) ? ` Its write-ahead log ${path.basename(wal)} does not hold the missing pages either.` : '';
      throw new DemarcError(
        ErrorCode.databaseCorrupt,
        `${file} is damaged: it is shorter than its own header says (${stat.size} of ${pageSize * pages} bytes; truncated?).${walNote} It was left untouched.`,
      );
    }
  } finally {
    hold.release();
  }
}

/**
 * SQLite quietly opens a file it may not write read-only, and the app would
 * only fail at the first answer: refuse at once, with the reason.
 */
function assertWritable(file: string): void {
  const readOnly = [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f) && !canWrite(f));
  if (readOnly.length === 0) return;
  const names = readOnly.map((f) => path.basename(f)).join(', ');
  throw new DemarcError(
    ErrorCode.databaseReadOnly,
    `${file} is read-only, and Demarc must write your answers to it. Make ${readOnly.length > 1 ? 'these files' : 'it'} writable (${names}; or copy the collection to a folder you can write to) and try again. It was left untouched.`,
  );
}

function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function probe(db: SqliteDatabase, file: string): void {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
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
