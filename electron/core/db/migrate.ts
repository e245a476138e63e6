import type Database from 'better-sqlite3';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { latestSchemaVersion, migrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';

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
