import type Database from 'better-sqlite3';
import { oneRow } from '../db/typed-statements.js';
import type { Owner } from '../domain/types.js';
import { deckParams, type ResolvedScope } from './stats-scope.js';
import type { StatsReport } from './stats-types.js';
import { allDeckStamps } from './deck-stamps.js';

export interface ConfusedCardRow {
  cardId: number;
  wrong: number;
  owner: Owner;
  service: string | null;
  content: string;
}

export interface WrongPickRow {
  cardId: number;
  pickedOwner: Owner;
  count: number;
}

export const confusionLimit = 10;

/**
 * The responsibility cards answered with a wrong owner most often in
 * [from, to] (cram answers included: a wrong pick is a wrong pick), most
 * first, ties by card id. Reads only the wrong picks, through one of their
 * partial indexes: over a short period the day-ordered one (migration 0004)
 * and a sort of the period's picks by card; over a long one the
 * card-ordered one (migration 0018), counted card by card along it without
 * a sort. Candidates come most wrong first, and each is looked up (deck,
 * owner, retirement, content) only until the list is full, instead of
 * reading every picked card's row.
 */
export function readConfusedCards(db: Database.Database, scope: ResolvedScope, from: number, to: number): ConfusedCardRow[] {
  const span = oneRow(db.prepare<[], { first: number | null; last: number | null }>('SELECT (SELECT min(day) FROM daily_reviews) AS first, (SELECT max(day) FROM daily_reviews) AS last').get());
  const long = span.first !== null && span.last !== null && (Math.min(to, span.last) - Math.max(from, span.first) + 1) * 4 >= span.last - span.first + 1;
  // A deck's report keeps to that deck's cards (read from the cards_stats index) before sorting.
  const inDecks =
    scope.deckIds === null ? '' : 'AND card_id IN (SELECT id FROM cards INDEXED BY cards_stats WHERE deck_id IN (SELECT value FROM json_each(@decks)) AND retired = 0 AND owner IS NOT NULL)';
  const candidates = db.prepare<unknown[], { cardId: number; wrong: number }>(
    `SELECT card_id AS cardId, count(*) AS wrong FROM review_log INDEXED BY ${long ? 'review_log_wrong_card' : 'review_log_wrong_owner'}
     WHERE correct = 0 AND picked_owner IS NOT NULL AND day BETWEEN @from AND @to ${inDecks}
     GROUP BY card_id ORDER BY wrong DESC, card_id LIMIT @limit OFFSET @offset`,
  );
  const card = db.prepare<[number], { deckId: string; owner: Owner | null; service: string | null; content: string; retired: number }>(
    'SELECT deck_id AS deckId, owner, service, content, retired FROM cards WHERE id = ?',
  );
  const inScope = scope.deckIds === null ? null : new Set(scope.deckIds);
  const out: ConfusedCardRow[] = [];
  // Pages grow fourfold, so that a long run of cards left out costs a few sorts, not one per page.
  for (let offset = 0, page = 4 * confusionLimit; out.length < confusionLimit; offset += page, page *= 4) {
    const rows = candidates.all({ from, to, limit: page, offset, ...deckParams(scope) });
    for (const r of rows) {
      const c = card.get(r.cardId);
      if (!c || c.retired !== 0 || c.owner === null || (inScope !== null && !inScope.has(c.deckId))) continue;
      out.push({ cardId: r.cardId, wrong: r.wrong, owner: c.owner, service: c.service, content: c.content });
      if (out.length === confusionLimit) break;
    }
    if (rows.length < page) break;
  }
  return out;
}

/** Per connection: the lists last read, by scope and days, with every deck's write counter then. */
const kept = new WeakMap<Database.Database, Map<string, { stamps: string; rows: ConfusedCardRow[] }>>();
const keptLists = 8;

/**
 * `readConfusedCards`, kept until a write counter of any deck moves: the
 * list reads wrong picks (log rows) and the rows of the cards they name, and
 * every write to either moves its deck's counter in the same transaction
 * (the log's rows are never changed in place but for their sync ids). A
 * report that follows no write reads nothing.
 */
export function keptConfusedCards(db: Database.Database, scope: ResolvedScope, from: number, to: number): ConfusedCardRow[] {
  const stamps = allDeckStamps(db);
  const hit = kept.get(db)?.get(listKey(scope.deckIds, from, to));
  if (hit?.stamps === stamps) return hit.rows;
  const rows = readConfusedCards(db, scope, from, to);
  adoptConfusedCards(db, scope.deckIds, from, to, stamps, rows);
  return rows;
}

function listKey(deckIds: readonly string[] | null, from: number, to: number): string {
  return `${JSON.stringify(deckIds)}|${from}|${to}`;
}

/** Keeps a list read under `stamps` (here, or on a worker's connection of the same file). */
export function adoptConfusedCards(db: Database.Database, deckIds: readonly string[] | null, from: number, to: number, stamps: string, rows: ConfusedCardRow[]): void {
  let lists = kept.get(db);
  if (!lists) kept.set(db, (lists = new Map()));
  const key = listKey(deckIds, from, to);
  lists.delete(key);
  lists.set(key, { stamps, rows });
  if (lists.size > keptLists) lists.delete(lists.keys().next().value as string);
}

export function readWrongPicks(db: Database.Database, cardIds: readonly number[], from: number, to: number): WrongPickRow[] {
  if (cardIds.length === 0) return [];
  return db
    .prepare<unknown[], WrongPickRow>(
      `SELECT card_id AS cardId, picked_owner AS pickedOwner, count(*) AS count FROM review_log INDEXED BY review_log_wrong_card
       WHERE correct = 0 AND picked_owner IS NOT NULL AND day BETWEEN @from AND @to
         AND card_id IN (SELECT value FROM json_each(@ids))
       GROUP BY card_id, picked_owner`,
    )
    .all({ from, to, ids: JSON.stringify(cardIds) });
}

/** The list as shown: prompt from the card content, wrong picks by owner, most picked first. */
export function confusionsOf(cards: readonly ConfusedCardRow[], picks: readonly WrongPickRow[]): StatsReport['confusions'] {
  return cards.map((c) => ({
    cardId: c.cardId,
    prompt: promptOf(c.content),
    service: c.service,
    owner: c.owner,
    wrong: c.wrong,
    picks: picks
      .filter((p) => p.cardId === c.cardId)
      .map((p) => ({ owner: p.pickedOwner, count: p.count }))
      .sort((a, b) => b.count - a.count || a.owner.localeCompare(b.owner)),
  }));
}

function promptOf(content: string): string {
  try {
    const parsed = JSON.parse(content) as { prompt?: unknown };
    return typeof parsed.prompt === 'string' ? parsed.prompt : '';
  } catch {
    return '';
  }
}
