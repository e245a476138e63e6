/**
 * Statements are typed where they are prepared, with better-sqlite3's own
 * type parameters, so no call site casts what `.get()` or `.all()` returns:
 *
 *   db.prepare<[string], Pick<CardRecord, 'id' | 'due'>>('SELECT id, due FROM cards WHERE key = ?')
 *   db.prepare<[], number>('SELECT count(*) FROM cards').pluck()   // a plucked column's value
 *   cached<Pick<DeckRecord, 'id'>>(db, 'SELECT id FROM decks')      // the statement cache, typed the same way
 *
 * The row types are in table-rows.ts. `npm run lint` refuses `as` on the
 * result of `.get()`, `.all()` and `.iterate()` (and of a door's `.read(…)`
 * returning one) in the folders converted so far (eslint.config.js `typedRowFolders`).
 * Where a query's aliases are a wire type's camelCase fields, the statement is
 * typed with that wire type and says so; elsewhere rows stay snake_case and a
 * named function maps them.
 */

/**
 * The row a query always returns: an aggregate without GROUP BY (count, max,
 * coalesce(…)), or a row the same transaction has just found. better-sqlite3
 * types `.get()` as possibly undefined; here its absence would be a broken
 * query, so it throws instead of being cast away.
 */
export function oneRow<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('A query that always returns a row returned none.');
  return row;
}
