/**
 * Statements are typed where they are prepared, with better-sqlite3's own
 * type parameters, so no call site casts what `.get()` or `.all()` returns:
 *
 *   db.prepare<[string], Pick<CardRecord, 'id' | 'due'>>('SELECT id, due FROM cards WHERE key = ?')
 *   db.prepare<[], number>('SELECT count(*) FROM cards').pluck()   // a plucked column's value
 *   cached<Pick<DeckRecord, 'id'>>(db, 'SELECT id FROM decks')      // the statement cache, typed the same way
 *
 * The row types are in table-rows.ts. `npm run lint` refuses `as` on the
 * result of `.get()`, `.all()` and `.iterate()` in the folders converted so far.
 */

/**
 * The one row an aggregate without GROUP BY (count, max, coalesce(…)) always
 * returns: better-sqlite3 types `.get()` as possibly undefined, and here its
 * absence would be a broken query rather than a missing record.
 */
export function aggregateRow<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('An aggregate query returned no row.');
  return row;
}
