import type Database from 'better-sqlite3';
import { computeDecayFactor } from 'ts-fsrs';
import { studyDay } from '../domain/day-clock.js';
import type { CardList } from '../domain/types.js';
import type { CardRecord } from '../cards/card-record.js';
import { toListItem } from '../cards/card-list-item.js';
import { compileSearch, type SearchContext } from './search-sql.js';

export interface CardSearch {
  query: string;
  /** Only this deck's cards (the deck browser); omitted = every deck. */
  deckId?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export function searchContext(now: number, rolloverHour: number, fsrsWeights: readonly number[]): SearchContext {
  const { factor, decay } = computeDecayFactor([...fsrsWeights]);
  return { now, today: studyDay(now, rolloverHour), rolloverHour, factor, decay };
}

/** The condition for a query over `cards c JOIN decks d`, retired cards left out. */
export function searchWhere(db: Database.Database, search: Pick<CardSearch, 'query' | 'deckId'>, ctx: SearchContext): { sql: string; params: (string | number)[] } {
  const compiled = compileSearch(search.query, ctx);
  const where = ['c.retired = 0', compiled.sql];
  const params = [...compiled.params];
  if (search.deckId !== undefined) {
    where.unshift('c.deck_id = ?');
    params.unshift(search.deckId);
  }
  return { sql: where.join(' AND '), params };
}

/** Every matching card id, in browsing order (deck, then the deck's own order). */
export function searchCardIds(db: Database.Database, search: Pick<CardSearch, 'query' | 'deckId'>, ctx: SearchContext): number[] {
  const { sql, params } = searchWhere(db, search, ctx);
  return db.prepare(`SELECT c.id FROM cards c JOIN decks d ON d.id = c.deck_id WHERE ${sql} ORDER BY c.deck_id, c.position`).pluck().all(...params) as number[];
}

/** One page of the matching cards and how many match in all: the ids are one pass, the page's rows a lookup by id. */
export function searchCards(db: Database.Database, search: CardSearch, ctx: SearchContext): CardList {
  const ids = searchCardIds(db, search, ctx);
  const offset = search.offset ?? 0;
  const page = ids.slice(offset, offset + (search.limit ?? 200));
  return { total: ids.length, cards: cardsByIds(db, page).map(toListItem) };
}

export function cardsByIds(db: Database.Database, ids: readonly number[]): CardRecord[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM cards WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as CardRecord[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is CardRecord => r !== undefined);
}

/** The search context of an open collection at its clock's "now". */
export function collectionSearchContext(c: {
  now: () => number;
  settings: { rolloverHour: number };
  scheduler: { engine: { parameters: { w: readonly number[] } } };
}): SearchContext {
  return searchContext(c.now(), c.settings.rolloverHour, c.scheduler.engine.parameters.w);
}
