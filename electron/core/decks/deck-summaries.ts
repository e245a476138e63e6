import type Database from 'better-sqlite3';
import type { DeckSummary, MasteryHorizon } from '../domain/types.js';
import type { KnownParams } from '../mastery/known-sql.js';
import { deckMastery } from './deck-mastery.js';
import type { DailyQueue } from '../review/study-queue.js';
import { deckOriginSql } from './deck-origin.js';
import type { DeckRecord } from '../db/table-rows.js';

type DeckRow = Pick<DeckRecord, 'id' | 'title' | 'service_type' | 'description' | 'origin' | 'new_per_day' | 'reviews_per_day' | 'exam_date'>;

/** Every deck with its card counts by state, how well it is known at the horizon and what today's queue holds for it. */
export function deckSummaries(db: Database.Database, queue: DailyQueue, horizon: MasteryHorizon, known: KnownParams): DeckSummary[] {
  const decks = db
    .prepare<[], DeckRow>(`SELECT id, title, service_type, description, ${deckOriginSql()} AS origin, new_per_day, reviews_per_day, exam_date FROM decks ORDER BY title`)
    .all();
  const counts = db
    // Kept by triggers (migration 0018): the same groups as a GROUP BY over the active cards, without the pass.
    .prepare<[], { deck_id: string; state: number; suspended: number; n: number }>('SELECT deck_id, state, suspended, n FROM deck_card_counts WHERE n > 0')
    .all();
  const byDeck = new Map<string, DeckSummary['counts']>();
  for (const d of decks) byDeck.set(d.id, { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0 });
  const names = ['new', 'learning', 'review', 'relearning'] as const;
  for (const c of counts) {
    const entry = byDeck.get(c.deck_id);
    if (!entry) continue;
    if (c.suspended) entry.suspended += c.n;
    else entry[names[c.state] ?? 'new'] += c.n;
  }
  const mastery = deckMastery(db, known);
  return decks.map((d) => {
    const c = byDeck.get(d.id)!;
    const q = queue.perDeck.get(d.id) ?? { due: 0, new: 0, learningNow: 0, learningLater: 0 };
    return {
      id: d.id,
      title: d.title,
      serviceType: d.service_type,
      description: d.description,
      origin: d.origin,
      options: { newPerDay: d.new_per_day, reviewsPerDay: d.reviews_per_day, examDate: d.exam_date },
      exam: null,
      counts: c,
      mastery: { ...(mastery.get(d.id) ?? { known: 0, total: 0, seen: 0 }), horizon },
      total: c.new + c.learning + c.review + c.relearning + c.suspended,
      dueToday: q.due,
      newToday: q.new,
      learningNow: q.learningNow,
      learningLater: q.learningLater,
    };
  });
}

/** Consecutive study days with at least one review, ending today (or yesterday, if today is still empty). */
export function streakDays(db: Database.Database, today: number): number {
  const days = db.prepare<[number], number>('SELECT DISTINCT day FROM daily_reviews WHERE day <= ? ORDER BY day DESC LIMIT 4000').pluck().all(today);
  let expected = days[0] === today ? today : today - 1;
  let streak = 0;
  for (const day of days) {
    if (day !== expected) break;
    streak++;
    expected--;
  }
  return streak;
}
