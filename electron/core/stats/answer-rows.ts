import type Database from 'better-sqlite3';
import { classifiedAnswersSql } from '../db/answer-aggregates.js';
import type { GradeValue, Owner } from '../domain/types.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';

/** The card's state when answered, with reviews split young/mature by the interval the card had (< 21 days = young). */
export type AnswerBucket = 'learning' | 'young' | 'mature' | 'relearning';

/** Answers of one day, bucket and grade, summed over the scope's decks. */
export interface AnswerRow {
  day: number;
  bucket: AnswerBucket;
  rating: GradeValue;
  answers: number;
  /** Of those, the card's first answer of the day made in review: what true retention counts. */
  firstAnswers: number;
}

/** Owner picks on the responsibility cards of one deck and true owner. */
export interface OwnerAnswerRow {
  deckId: string;
  owner: Owner;
  answers: number;
  correct: number;
}

/**
 * Reads the answer aggregates of migration 0004 (see there for the exact
 * definitions). A collection without them is read from the log with the same
 * definitions: correct, but slow on a large log.
 */
export function readAnswerRows(db: Database.Database, scope: ResolvedScope, from: number, to: number): AnswerRow[] {
  const sql = hasAnswerAggregates(db)
    ? `SELECT day, bucket, rating, sum(answers) AS answers, sum(first_answers) AS firstAnswers
       FROM daily_answers WHERE day BETWEEN @from AND @to ${deckCondition(scope, 'deck_id')}
       GROUP BY day, bucket, rating`
    : `SELECT a.day, a.bucket, a.rating, count(*) AS answers, sum(a.first) AS firstAnswers
       FROM (${classifiedAnswersSql}) a JOIN cards c ON c.id = a.card_id
       WHERE a.day BETWEEN @from AND @to ${deckCondition(scope, 'c.deck_id')}
       GROUP BY a.day, a.bucket, a.rating`;
  return db.prepare<unknown[], AnswerRow>(sql).all({ from, to, ...deckParams(scope) });
}

export function readOwnerAnswers(db: Database.Database, scope: ResolvedScope, from: number, to: number): OwnerAnswerRow[] {
  const sql = hasAnswerAggregates(db)
    ? `SELECT deck_id AS deckId, owner, sum(answers) AS answers, sum(correct) AS correct
       FROM daily_owner_answers WHERE day BETWEEN @from AND @to ${deckCondition(scope, 'deck_id')}
       GROUP BY deck_id, owner`
    : `SELECT c.deck_id AS deckId, c.owner, count(*) AS answers, sum(r.correct <> 0) AS correct
       FROM review_log r JOIN cards c ON c.id = r.card_id
       WHERE r.correct IS NOT NULL AND c.owner IS NOT NULL AND r.day BETWEEN @from AND @to ${deckCondition(scope, 'c.deck_id')}
       GROUP BY c.deck_id, c.owner`;
  return db.prepare<unknown[], OwnerAnswerRow>(sql).all({ from, to, ...deckParams(scope) });
}

export function hasAnswerAggregates(db: Database.Database): boolean {
  return db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('daily_answers', 'daily_owner_answers')").pluck().get() === 2;
}
