import type Database from 'better-sqlite3';
import { computeDecayFactor } from 'ts-fsrs';
import { studyDay } from '../domain/day-clock.js';
import type { CardList } from '../domain/types.js';
import type { CardRecord } from '../cards/card-record.js';
import { toListItem } from '../cards/card-list-item.js';
import { compileSearch, type CompiledSearch, type SearchContext } from './search-sql.js';
import { sortSql, tableSortColumns, type CardSort } from './search-sort.js';
import { wordSearch, type Statement } from './word-search.js';
import { mapForSearch } from './search-map.js';
import { highestCardId } from '../cards/highest-card-id.js';
import { oneRow } from '../db/typed-statements.js';

export interface CardSearch {
  query: string;
  /** Only this deck's cards (the deck browser); omitted = every deck. */
  deckId?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  /** A column to sort by; omitted = deck, then the deck's own order. */
  sort?: CardSort | undefined;
}

export function searchContext(now: number, rolloverHour: number, fsrsWeights: readonly number[]): SearchContext {
  const { factor, decay } = computeDecayFactor([...fsrsWeights]);
  return { now, today: studyDay(now, rolloverHour), rolloverHour, factor, decay };
}

/** The condition for a query over `cards c JOIN decks d`, retired cards left out. */
export function searchWhere(db: Database.Database, search: Pick<CardSearch, 'query' | 'deckId'>, ctx: SearchContext): CompiledSearch {
  const compiled = compileSearch(search.query, ctx);
  const where = ['c.retired = 0', compiled.sql];
  const params = [...compiled.params];
  if (search.deckId !== undefined) {
    where.unshift('c.deck_id = ?');
    params.unshift(search.deckId);
  }
  return { sql: where.join(' AND '), params, everyCard: compiled.everyCard, readsText: compiled.readsText, readsRowsOnly: compiled.readsRowsOnly };
}

/** Every matching card id, in browsing order (deck, then the deck's own order) or the chosen sort's. */
export function searchCardIds(db: Database.Database, search: Pick<CardSearch, 'query' | 'deckId' | 'sort'>, ctx: SearchContext): number[] {
  const { sql, params } = searchWhere(db, search, ctx);
  const order = sortSql(search.sort, ctx);
  return db.prepare<unknown[], number>(`SELECT c.id FROM cards c JOIN decks d ON d.id = c.deck_id WHERE ${sql} ORDER BY ${order.sql}`).pluck().all(...params, ...order.params);
}

/**
 * One page of the matching cards and how many match in all. The sort is
 * SQLite's (ORDER BY with the card id last, LIMIT/OFFSET), so a page of a
 * large collection keeps only its own rows in the sorter; the page's rows are
 * then a lookup by id.
 *
 * A word or wildcard search finds its cards once: the page and the count come
 * from the same statement (a window count over every match, taken before the
 * LIMIT), where a count and a page apart would look for the matches twice
 * (the text index, then each candidate's text). Other searches keep the two
 * statements: the count reads an index alone where it can, and a page in the
 * list's own order walks the index in that order (migration 0018) only as far
 * as the page goes, which a window over every match would not. A search of
 * one word over every deck has statements of its own (word-search.ts).
 */
export function searchCards(db: Database.Database, search: CardSearch, ctx: SearchContext): CardList {
  const { ids, total } = searchPage(db, search, ctx);
  const edited = lastEdits(db, ids);
  return { total, cards: cardsByIds(db, ids).map((r) => toListItem(r, ctx, edited.get(r.id) ?? null)) };
}

/**
 * A walk along the deck order's index stops being worth it once it passes
 * this many cards per match it would otherwise read by id (a step reads the
 * index alone). Only that order walks: a step of the first field's index
 * would also read the card, and SQLite sorts by the field faster than that.
 */
const walkStepsPerRead = 30;

function searchPage(db: Database.Database, search: CardSearch, ctx: SearchContext): { ids: number[]; total: number } {
  const limit = search.limit ?? 200;
  const offset = search.offset ?? 0;
  const word = wordSearch(search.query, search.deckId);
  if (word !== null) {
    mapForSearch(db);
    const total = oneRow(db.prepare<unknown[], number>(word.count.sql).pluck().get(...word.count.params));
    if (total === 0 || offset >= total || limit <= 0) return { ids: [], total };
    const order = sortSql(search.sort, ctx);
    const inIndexOrder = search.sort === undefined;
    const cards = inIndexOrder && word.walkCondition !== null ? highestCardId(db) : 0;
    const page =
      word.walkCondition !== null && inIndexOrder && ((offset + limit) * cards) / total < walkStepsPerRead * total
        ? {
            sql: `SELECT c.id FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.retired = 0 AND ${word.walkCondition.sql} ORDER BY ${order.sql} LIMIT ? OFFSET ?`,
            params: [...word.walkCondition.params, ...order.params, limit, offset],
          }
        : searchStatements(db, search, ctx).lookup;
    return { ids: db.prepare<unknown[], number>(page.sql).pluck().all(...page.params), total };
  }
  const { count, page, counted } = searchStatements(db, search, ctx);
  const countAll = () => oneRow(db.prepare<unknown[], number>(count.sql).pluck().get(...count.params));
  const rows = db.prepare<unknown[], { id: number; total?: number }>(page.sql).all(...page.params);
  // A counted page with no row carries no count: nothing matches, or the page lies past the end.
  const total = !counted ? countAll() : (rows[0]?.total ?? (offset === 0 && limit > 0 ? 0 : countAll()));
  return { ids: rows.map((r) => r.id), total };
}

/** The statements of `searchCards` for a search other than one word: the page's ids (with the count in `total` when `counted`), the page alone, and the count alone. */
export function searchStatements(db: Database.Database, search: CardSearch, ctx: SearchContext): { count: Statement; page: Statement; lookup: Statement; counted: boolean } {
  const { sql, params, everyCard, readsText, readsRowsOnly } = searchWhere(db, search, ctx);
  const order = sortSql(search.sort, ctx);
  // Every card sorted by a column no index holds: read the table itself (see tableSortColumns).
  const scan = everyCard && search.deckId === undefined && search.sort !== undefined && tableSortColumns.has(search.sort.column) ? ' NOT INDEXED' : '';
  const from = `FROM cards c${scan} JOIN decks d ON d.id = c.deck_id WHERE ${sql}`;
  const paging = [...params, ...order.params, search.limit ?? 200, search.offset ?? 0];
  const lookup = { sql: `SELECT c.id AS id ${from} ORDER BY ${order.sql} LIMIT ? OFFSET ?`, params: paging };
  return {
    // Counting tags (or service, task) over every card reads every row: the table itself, at a third of the CPU of
    // SQLite's choice, a walk of a partial index (retired = 0) with a lookup of each card. The page still walks the
    // list's order and stops once it is full.
    count: { sql: `SELECT count(*) FROM cards c${readsRowsOnly && search.deckId === undefined ? ' NOT INDEXED' : ''} JOIN decks d ON d.id = c.deck_id WHERE ${sql}`, params },
    page: readsText ? { sql: `SELECT c.id AS id, count(*) OVER () AS total ${from} ORDER BY ${order.sql} LIMIT ? OFFSET ?`, params: paging } : lookup,
    lookup,
    counted: readsText,
  };
}

/** When each card was last changed outside review (its newest change not undone). */
function lastEdits(db: Database.Database, ids: readonly number[]): Map<number, number> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare<[string], { id: number; at: number }>(`SELECT e.card_id AS id, max(b.at) AS at FROM card_edits e JOIN edit_batches b ON b.id = e.batch_id
      WHERE e.card_id IN (SELECT value FROM json_each(?)) AND b.undone_at IS NULL GROUP BY e.card_id`)
    .all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r.at]));
}

export function cardsByIds(db: Database.Database, ids: readonly number[]): CardRecord[] {
  if (ids.length === 0) return [];
  const rows = db.prepare<[string], CardRecord>(`SELECT * FROM cards WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids));
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
