import type Database from 'better-sqlite3';
import type { Collection } from '../../electron/core/collection.js';

/**
 * The collection's own connection, for tests and benchmarks that arrange rows
 * or inspect them directly. The app never reaches it: the collection keeps it
 * private so that its invariants (undo, caches) cannot be bypassed, and ESLint
 * forbids this access outside tests and benchmarks.
 */
export function databaseOf(collection: Collection): Database.Database {
  return collection['db'];
}
