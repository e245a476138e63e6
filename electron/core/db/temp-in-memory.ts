import type Database from 'better-sqlite3';

/**
 * Runs `write`, which opens its own transaction, with SQLite's temporary
 * files in memory (`temp_store = MEMORY`), then sets the connection back.
 * In a large transaction each statement that fires triggers keeps the pages
 * it changes in a statement journal, so that the statement alone can be
 * rolled back; past 64 KiB that journal is a temporary file, created,
 * written and dropped for every such statement. Inserting 50,000 cards into
 * a collection of 100,000 spent about a third of its time there. The setting
 * is read when a transaction begins and cannot change inside one, and a
 * change drops the connection's temporary tables and triggers: a call inside
 * a transaction, or on a connection that holds such objects (the app's never
 * does; a test's injected fault may), runs `write` as it is. A change also
 * makes every prepared statement of the connection prepare itself again on
 * its next run: right for a long write (an import, a sync round), wrong for
 * a short one (around each answer it took the answer's median from 1.2 to
 * 2.9 ms).
 */
export function withTempFilesInMemory<T>(db: Database.Database, write: () => T): T {
  if (db.inTransaction || hasTempObjects(db)) return write();
  const before = Number(db.pragma('temp_store', { simple: true }));
  db.pragma('temp_store = MEMORY');
  try {
    return write();
  } finally {
    db.pragma(`temp_store = ${before}`);
  }
}

function hasTempObjects(db: Database.Database): boolean {
  return db.prepare<[], number>('SELECT count(*) FROM sqlite_temp_schema').pluck().get() !== 0;
}
