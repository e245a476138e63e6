import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * One prepared statement per connection and SQL text. Statements that write
 * the review log compile its aggregate triggers in, which costs milliseconds
 * each time: a sync round prepares nothing twice. `Row` is the shape of the
 * statement's rows (or, plucked, of its one column), as for `db.prepare<Params, Row>`.
 * A cached statement is shared: `.pluck()` on it stays on for every caller of the same SQL.
 */
export function cached<Row = unknown, Params extends unknown[] = unknown[]>(db: Database.Database, sql: string): Database.Statement<Params, Row> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  // The cache holds statements of every shape; the caller's SQL decides this one's.
  return statement as Database.Statement<Params, Row>;
}
