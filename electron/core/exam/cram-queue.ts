import type Database from 'better-sqlite3';
import type { CramOrder, Owner, ServiceType } from '../domain/types.js';
import { dayOfDate, dayStart } from '../domain/day-clock.js';
import { memoryOf, type CardRecord } from '../cards/card-record.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import { searchContext, searchWhere } from '../search/search-cards.js';


export interface CramRequest {
  deckIds?: string[] | undefined;
  serviceTypes?: ServiceType[] | undefined;
  owners?: Owner[] | undefined;
  services?: string[] | undefined;
  /** A chosen set of cards, such as the ones behind a cell of the Line view. */
  cardIds?: number[] | undefined;
  size: number;
  order: CramOrder;
  /** For order "mistakes": how many days back to look. */
  mistakeDays?: number | undefined;
  seed?: number | undefined;
  /** A search (the browser's syntax) the cards must also match. */
  query?: string | undefined;
}

/**
 * Picks the cards of a cram session. "Weakest" ranks by retrievability at the
 * exam morning when an exam is set (else now); new cards count as weakest.
 */
export function buildCramQueue(db: Database.Database, settings: Settings, scheduler: FsrsScheduler, request: CramRequest, now: number): CardRecord[] {
  const where = ['c.retired = 0', 'c.suspended = 0'];
  const params: unknown[] = [];
  const addIn = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    where.push(`${column} IN (${values.map(() => '?').join(',')})`);
    params.push(...values);
  };
  addIn('c.deck_id', request.deckIds);
  addIn('d.service_type', request.serviceTypes);
  addIn('c.owner', request.owners);
  addIn('c.service', request.services);
  if (request.query) {
    const search = searchWhere(db, { query: request.query }, searchContext(now, settings.rolloverHour, scheduler.engine.parameters.w));
    where.push(search.sql);
    params.push(...search.params);
  }
  if (request.cardIds && request.cardIds.length > 0) {
    where.push(`c.id IN (${request.cardIds.map(() => '?').join(',')})`);
    params.push(...request.cardIds);
  }
  let sql = `SELECT c.* FROM cards c JOIN decks d ON d.id = c.deck_id WHERE ${where.join(' AND ')}`;
  if (request.order === 'mistakes') {
    const since = now - (request.mistakeDays ?? 7) * 86_400_000;
    sql += ` AND c.id IN (SELECT card_id FROM review_log WHERE rating = 1 AND reviewed_at >= ?)`;
    params.push(since);
  }
  const rows = db.prepare<unknown[], CardRecord>(sql).all(...params);
  const at = settings.examDate ? Math.max(now, dayStart(dayOfDate(settings.examDate), settings.rolloverHour)) : now;
  switch (request.order) {
    case 'weakest': {
      const r = new Map(rows.map((c) => [c.id, scheduler.retrievability(memoryOf(c), at)]));
      rows.sort((a, b) => r.get(a.id)! - r.get(b.id)! || a.position - b.position);
      break;
    }
    case 'due':
      rows.sort((a, b) => (a.state === 0 ? 1 : 0) - (b.state === 0 ? 1 : 0) || a.due - b.due);
      break;
    case 'mistakes':
    case 'shuffled':
      shuffle(rows, request.seed ?? now);
      break;
  }
  return rows.slice(0, request.size);
}

function shuffle<T>(items: T[], seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
