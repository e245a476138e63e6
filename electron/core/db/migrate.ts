import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { latestSchemaVersion, migrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';
import { openSqliteFile } from './sqlite-file.js';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a file written by a newer Demarc before anything touches it. */
export function assertNotFromFuture(db: Database.Database, file: string, list: readonly Migration[] = migrations): void {
  const version = schemaVersion(db);
  if (version > list.length) {
    throw new DemarcError(
      ErrorCode.databaseFromFuture,
      `${file} was written by a newer version of Demarc (schema ${version}, this version knows up to ${list.length}). ` +
        'Update Demarc to open it; the file was left untouched.',
    );
  }
}

export function pendingMigrations(db: Database.Database, list: readonly Migration[] = migrations): Migration[] {
  return list.slice(schemaVersion(db));
}

/** Applies every pending migration in one transaction, then records the version. */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at ${m.name}: version ${m.version}, expected ${i + 1}`);
  });
  const pending = pendingMigrations(db, list);
  if (pending.length === 0) return schemaVersion(db);
  db.transaction(() => {
    for (const m of pending) db.exec(m.up);
    db.pragma(`user_version = ${list.length}`);
  }).immediate();
  return list.length;
}

export { latestSchemaVersion };

/** One entry of a database's schema (a row of `sqlite_schema`). */
export interface SchemaEntry {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const schemaByVersion = new Map<number, SchemaEntry[]>();

/**
 * The schema a Demarc collection has at `version` (1 … latest): every table,
 * index, trigger and view, as the migrations up to it create them, built in
 * memory once per version. A file claiming to be a collection is compared
 * against it (backups before they are listed as good or restored).
 */
export function schemaAt(version: number): SchemaEntry[] {
  if (!Number.isInteger(version) || version < 1 || version > migrations.length) throw new RangeError(`no schema version ${version}`);
  const known = schemaByVersion.get(version);
  if (known) return known;
  const db = openSqliteFile(':memory:');
  try {
    migrate(db, migrations.slice(0, version));
    const schema = schemaOf(db);
    schemaByVersion.set(version, schema);
    return schema;
  } finally {
    db.close();
  }
}

/** A database's schema, in a stable order. */
export function schemaOf(db: Database.Database): SchemaEntry[] {
  return db.prepare<[], SchemaEntry>('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();
}
