import type Database from 'better-sqlite3';
import type { Collection } from '../../electron/core/collection.js';
import type { WriteConnection } from '../../electron/core/db/collection-door.js';

/**
 * The collection's own connection, for tests and benchmarks that arrange rows
 * or inspect them directly. The app never reaches it: the collection keeps it
 * private so that its invariants (undo, caches) cannot be bypassed, and ESLint
 * forbids this access outside tests and benchmarks.
 */
export function databaseOf(collection: Collection): Database.Database {
  return collection['db'];
}

/** A raw connection as a write connection, for tests that drive a feature's writer on a database of their own. */
export function writeConnectionOf(db: Database.Database): WriteConnection {
  return db as WriteConnection;
}
