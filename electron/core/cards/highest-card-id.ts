import type Database from 'better-sqlite3';

/**
 * The highest card id (0 for none), read from the primary key's last entry
 * without counting: how many cards the collection has held, as an estimate of
 * its size where a threshold or a plan's cost asks for one; and the id above
 * which a bulk write's new cards land.
 */
export function highestCardId(db: Database.Database): number {
  return db.prepare<[], number | null>('SELECT max(id) FROM cards').pluck().get() ?? 0;
}
