import type Database from 'better-sqlite3';
import type { Owner } from '../domain/types.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import type { StatsReport } from './stats-types.js';

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
 * first, ties by card id. Reads only the wrong picks, through their own
 * partial index when the collection has it (migration 0004).
 */
export function readConfusedCards(db: Database.Database, scope: ResolvedScope, from: number, to: number): ConfusedCardRow[] {
  return db
    .prepare(
      `WITH wrong AS MATERIALIZED (
         SELECT card_id, count(*) AS wrong FROM review_log
         WHERE correct = 0 AND picked_owner IS NOT NULL AND day BETWEEN @from AND @to
         GROUP BY card_id)
       SELECT w.card_id AS cardId, w.wrong, c.owner, c.service, c.content
       FROM wrong w JOIN cards c ON c.id = w.card_id
       WHERE c.retired = 0 AND c.owner IS NOT NULL ${deckCondition(scope, 'c.deck_id')}
       ORDER BY w.wrong DESC, w.card_id LIMIT ${confusionLimit}`,
    )
    .all({ from, to, ...deckParams(scope) }) as ConfusedCardRow[];
}

export function readWrongPicks(db: Database.Database, cardIds: readonly number[], from: number, to: number): WrongPickRow[] {
  if (cardIds.length === 0) return [];
  return db
    .prepare(
      `SELECT card_id AS cardId, picked_owner AS pickedOwner, count(*) AS count FROM review_log
       WHERE correct = 0 AND picked_owner IS NOT NULL AND day BETWEEN @from AND @to
         AND card_id IN (SELECT value FROM json_each(@ids))
       GROUP BY card_id, picked_owner`,
    )
    .all({ from, to, ids: JSON.stringify(cardIds) }) as WrongPickRow[];
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
