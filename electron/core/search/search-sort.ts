import { msPerDay } from '../domain/day-clock.js';
import { browseColumns } from '../domain/types.js';
import type { SearchContext } from './search-sql.js';

/** The Browse screen's columns a list can be sorted by: the card's text and every column it can show (the card's own order when none is chosen). */
export const sortColumns = ['card', ...browseColumns] as const;
export type SortColumn = (typeof sortColumns)[number];

/**
 * The columns whose sort reads what no index holds. Every card sorted by one
 * of them is a read of the whole table: SQLite, which keeps no statistics
 * here, would otherwise walk a partial index (retired = 0, which every card
 * nearly always meets) and look each card up by id, four times the cost.
 */
export const tableSortColumns: ReadonlySet<SortColumn> = new Set(['type', 'interval', 'reviews', 'lapses', 'added', 'tags', 'task']);

export interface CardSort {
  column: SortColumn;
  descending: boolean;
}

/**
 * The ORDER BY of a search over `cards c JOIN decks d`: the column's value
 * (a card without one, such as a new card's stability, comes last either
 * way), then the card id, so that equal values keep one order and pages never
 * overlap or skip. Every expression is a fixed string: only the column's name
 * comes from the caller, and only from `sortColumns`.
 */
export function sortSql(sort: CardSort | undefined, ctx: SearchContext): { sql: string; params: number[] } {
  if (!sort) return { sql: 'c.deck_id, c.position, c.id', params: [] };
  const direction = sort.descending ? 'DESC' : 'ASC';
  const { expr, params } = sortExpression(sort.column, ctx);
  // A card always has a first field: without NULLS LAST its order is the index's (migration 0014), a walk instead of a sort.
  if (sort.column === 'card') return { sql: `${expr} ${direction}, c.id ${direction}`, params };
  return { sql: `${expr} ${direction} NULLS LAST, c.id ${direction}`, params };
}

function sortExpression(column: SortColumn, ctx: SearchContext): { expr: string; params: number[] } {
  const studied = (value: string) => `CASE WHEN c.state > 0 THEN ${value} END`;
  switch (column) {
    case 'card':
      // The card's first field, as Anki sorts by a note's sort field; the very expression of the index in migration 0014.
      return { expr: "(CASE WHEN json_valid(c.content) THEN coalesce(json_extract(c.content, '$.prompt'), json_extract(c.content, '$.front'), json_extract(c.content, '$.question')) END) COLLATE NOCASE", params: [] };
    case 'deck':
      return { expr: 'd.title COLLATE NOCASE', params: [] };
    case 'type':
      return { expr: 'c.kind', params: [] };
    case 'due':
      // New cards have no due date: they follow, in their deck's order.
      return { expr: studied('c.due'), params: [] };
    case 'interval':
      return { expr: studied('c.scheduled_days'), params: [] };
    case 'stability':
      return { expr: studied('c.stability'), params: [] };
    case 'difficulty':
      return { expr: studied('c.difficulty'), params: [] };
    case 'retrievability':
      // The same forgetting curve as prop:r (search-sql.ts), at the search's "now".
      return {
        expr: `CASE WHEN c.state > 0 AND c.stability > 0 AND c.last_review IS NOT NULL THEN pow(1 + ? * max(0, floor((? - c.last_review) / ?)) / c.stability, ?) END`,
        params: [ctx.factor, ctx.now, msPerDay, ctx.decay],
      };
    case 'reviews':
      return { expr: 'c.reps', params: [] };
    case 'lapses':
      return { expr: 'c.lapses', params: [] };
    case 'added':
      return { expr: 'coalesce(c.added_at, d.created_at)', params: [] };
    case 'edited':
      return { expr: '(SELECT max(b.at) FROM card_edits e JOIN edit_batches b ON b.id = e.batch_id WHERE e.card_id = c.id AND b.undone_at IS NULL)', params: [] };
    case 'tags':
      return { expr: "nullif(c.tags, '') COLLATE NOCASE", params: [] };
    case 'task':
      return { expr: "json_extract(c.content, '$.task')", params: [] };
  }
}
