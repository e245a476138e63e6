import type Database from 'better-sqlite3';
import type { DeckOrigin, ExamScope } from '../domain/types.js';
import { deckOriginSql } from '../decks/deck-origin.js';
import type { DeckRecord } from '../db/table-rows.js';

/**
 * Which decks the exam covers: the ones the learner chose (Settings → Exam,
 * or "Add to the exam" after an import), and the built-in decks while none is
 * chosen. An imported or new deck never joins by itself: readiness, the plan
 * and exam mode's scheduling read this one list.
 */
export function examScope(db: Database.Database, examDeckIds: readonly string[]): ExamScope {
  const decks = db
    .prepare<[], { id: string; title: string; origin: DeckOrigin; cards: number }>(
      `SELECT d.id, d.title, ${deckOriginSql('d')} AS origin, (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.retired = 0 AND c.suspended = 0) AS cards
       FROM decks d ORDER BY d.title`,
    )
    .all();
  const chosen = new Set(examDeckIds);
  const byDefault = !decks.some((d) => chosen.has(d.id));
  const onExam = decks.filter((d) => (byDefault ? d.origin === 'builtin' : chosen.has(d.id)));
  return {
    byDefault,
    deckIds: onExam.map((d) => d.id),
    cardCount: onExam.reduce((n, d) => n + d.cards, 0),
    decks: decks.map((d) => ({ id: d.id, title: d.title, origin: d.origin, cards: d.cards, onExam: byDefault ? d.origin === 'builtin' : chosen.has(d.id) })),
  };
}

/** The decks exam mode bends the schedule of (the exam's scope), for the scheduler; no card counts. */
export function examDeckSet(db: Database.Database, examDeckIds: readonly string[]): string[] {
  const existing = db.prepare<[], Pick<DeckRecord, 'id' | 'origin'>>('SELECT id, origin FROM decks').all();
  const chosen = existing.filter((d) => examDeckIds.includes(d.id));
  return (chosen.length > 0 ? chosen : existing.filter((d) => d.origin === 'builtin')).map((d) => d.id);
}
