import type Database from 'better-sqlite3';
import type { Settings } from '../settings/settings-schema.js';
import { dayEnd, studyDay } from '../domain/day-clock.js';
import type { CardRecord } from '../cards/card-record.js';
import { readNewCardExtras } from './new-card-extras.js';
import { oneRow } from '../db/typed-statements.js';

export interface QueueScope {
  deckIds?: string[];
}

export interface DeckLimits {
  id: string;
  newPerDay: number;
  reviewsPerDay: number;
}

/**
 * What the queue needs of a card to choose and order it. The queue reads a
 * few hundred rows per deck to pick a couple of hundred cards, so it reads
 * only these columns; a session reads the chosen cards whole (`records`).
 */
export type QueuedCard = Pick<CardRecord, 'id' | 'deck_id' | 'note_key' | 'due'>;

const queuedColumns = 'id, deck_id, note_key, due';

export interface DailyQueue {
  day: number;
  /** Learning and relearning cards due now, soonest first. */
  learning: QueuedCard[];
  /** Learning cards due later today (they come back when due). */
  learningLater: QueuedCard[];
  /** Review and new cards for today after limits and burying, interleaved. */
  main: QueuedCard[];
  perDeck: Map<string, { due: number; new: number; learningNow: number; learningLater: number }>;
  /**
   * What the whole scope holds today after the overall limits: exactly the
   * cards a session started now holds (learning later today included), so
   * Today's numbers and the session's "cards left" always agree.
   */
  totals: QueueTotals;
}

export interface QueueTotals {
  due: number;
  new: number;
  /** Learning and relearning cards due now. */
  learning: number;
  /** Learning cards due later today: the session shows them when they come due. */
  learningLater: number;
  /** When the first of those comes back (ms), or null. */
  nextLearningAt: number | null;
}

/** What each deck already did today (answers outside cram and manual changes). */
interface DoneToday {
  deckId: string;
  newDone: number;
  reviewsDone: number;
}

/** A deck's daily limits as stored: its own, else its preset's (null: the settings'). */
interface StoredDeckLimits {
  id: string;
  newPerDay: number | null;
  reviewsPerDay: number | null;
  newCardOrder: string | null;
}

/**
 * Builds today's queue as a careful Anki user expects it: intraday learning
 * cards first when due, then reviews due today interleaved with new cards,
 * both capped per deck and overall by what was already done today, with only
 * one card per note (siblings wait for tomorrow).
 */
export class StudyQueueBuilder {
  private readonly learningStmt: Database.Statement<[string, number], QueuedCard>;
  private readonly reviewStmt: Database.Statement<[string, number, number, number], QueuedCard>;
  private readonly newStmt: Database.Statement<[string, number, number], QueuedCard>;
  private readonly newShuffledStmt: Database.Statement<[string, number, number], QueuedCard>;
  private readonly doneTodayStmt: Database.Statement<[number], DoneToday>;
  private readonly decksStmt: Database.Statement<[], StoredDeckLimits>;
  private readonly recordStmt: Database.Statement<[number], CardRecord>;

  constructor(private readonly db: Database.Database) {
    const base = `SELECT ${queuedColumns} FROM cards INDEXED BY cards_due WHERE deck_id = ? AND suspended = 0 AND retired = 0`;
    this.learningStmt = db.prepare<[string, number], QueuedCard>(`${base} AND state IN (1, 3) AND buried_day <> ? ORDER BY due`);
    this.reviewStmt = db.prepare<[string, number, number, number], QueuedCard>(`${base} AND state = 2 AND due < ? AND buried_day <> ? ORDER BY due LIMIT ?`);
    this.newStmt = db.prepare<[string, number, number], QueuedCard>(
      `SELECT ${queuedColumns} FROM cards INDEXED BY cards_new WHERE deck_id = ? AND state = 0 AND suspended = 0 AND retired = 0 AND buried_day <> ? ORDER BY position LIMIT ?`,
    );
    // "Random" order is a fixed shuffle by card id (Knuth's multiplicative hash), the same on every device.
    this.newShuffledStmt = db.prepare<[string, number, number], QueuedCard>(
      `SELECT ${queuedColumns} FROM cards INDEXED BY cards_new WHERE deck_id = ? AND state = 0 AND suspended = 0 AND retired = 0 AND buried_day <> ? ORDER BY (id * 2654435761) % 4294967296, id LIMIT ?`,
    );
    this.doneTodayStmt = db.prepare<[number], DoneToday>(`
      SELECT c.deck_id AS deckId,
             sum(r.state_before = 0) AS newDone,
             sum(r.state_before IN (2, 3)) AS reviewsDone
      FROM review_log r JOIN cards c ON c.id = r.card_id
      WHERE r.day = ? AND r.kind <> 'cram' AND r.kind <> 'manual'
      GROUP BY c.deck_id`);
    // A deck's own limits win, then its preset's (Default: the settings).
    this.decksStmt = db.prepare<[], StoredDeckLimits>(`SELECT d.id,
        coalesce(d.new_per_day, json_extract(p.config, '$.newPerDay')) AS newPerDay,
        coalesce(d.reviews_per_day, json_extract(p.config, '$.reviewsPerDay')) AS reviewsPerDay,
        json_extract(p.config, '$.newCardOrder') AS newCardOrder
      FROM decks d LEFT JOIN presets p ON p.id = d.preset_id ORDER BY d.id`);
    this.recordStmt = db.prepare<[number], CardRecord>('SELECT * FROM cards WHERE id = ?');
  }

  /** The queued cards whole, in the same order (read on the same turn as the queue: nothing wrote in between). */
  records(cards: readonly QueuedCard[]): CardRecord[] {
    return cards.map((c) => oneRow(this.recordStmt.get(c.id)));
  }

  build(settings: Settings, now: number, scope: QueueScope = {}): DailyQueue {
    const day = studyDay(now, settings.rolloverHour);
    const end = dayEnd(day, settings.rolloverHour);
    const decks = this.decksStmt.all().filter(
      (d) => !scope.deckIds || scope.deckIds.includes(d.id),
    );
    const done = new Map<string, { newDone: number; reviewsDone: number }>();
    for (const row of this.doneTodayStmt.all(day)) done.set(row.deckId, row);
    let totalDone = { newDone: 0, reviewsDone: 0 };
    for (const v of done.values()) totalDone = { newDone: totalDone.newDone + v.newDone, reviewsDone: totalDone.reviewsDone + v.reviewsDone };

    const newLeft = Math.max(0, settings.newPerDay - totalDone.newDone);
    // "Study this deck anyway": a deck's extra for today raises both its own and the overall limit, for it alone.
    const extras = readNewCardExtras(this.db, day);
    let extraTotal = 0;
    for (const deck of decks) extraTotal += extras.get(deck.id) ?? 0;
    const reviewsLeft = Math.max(0, settings.reviewsPerDay - totalDone.reviewsDone);
    const learning: QueuedCard[] = [];
    const learningLater: QueuedCard[] = [];
    const reviews: QueuedCard[] = [];
    const freshByDeck: QueuedCard[][] = [];
    const perDeck = new Map<string, { due: number; new: number; learningNow: number; learningLater: number }>();
    const notesTaken = new Set<string>();

    // Each deck's row shows what studying that deck alone would give: its own
    // limits, capped by what is left of the overall ones. Learning cards and
    // reviews of every deck claim their notes (and fact groups) first, so a new
    // card that the overall new limit later drops can never hold back a review.
    // Fact groups may span decks: in a session over every deck a group's card in
    // one deck holds back its siblings in the others, while studying a deck alone
    // only that deck's own cards claim groups. The row counts the latter
    // (`ownNotes`), the session the former (`notesTaken`).
    const dueByDeck = new Map<string, { due: number; learningNow: number; learningLater: number }>();
    const ownNotesByDeck = new Map<string, Set<string>>();
    for (const deck of decks) {
      const d = done.get(deck.id) ?? { newDone: 0, reviewsDone: 0 };
      const ownNotes = new Set<string>();
      ownNotesByDeck.set(deck.id, ownNotes);
      let learningNow = 0;
      let later = 0;
      for (const card of this.learningStmt.all(deck.id, day)) {
        if (card.due <= now) {
          learning.push(card);
          learningNow++;
        } else if (card.due < end) {
          learningLater.push(card);
          later++;
        }
        notesTaken.add(card.note_key);
        ownNotes.add(card.note_key);
      }
      const reviewCap = Math.min(reviewsLeft, Math.max(0, (deck.reviewsPerDay ?? settings.reviewsPerDay) - d.reviewsDone));
      let dueCount = 0;
      if (reviewCap > 0) {
        for (const card of this.reviewStmt.all(deck.id, end, day, reviewCap)) {
          if (!ownNotes.has(card.note_key)) {
            ownNotes.add(card.note_key);
            dueCount++;
          }
          if (notesTaken.has(card.note_key)) continue;
          notesTaken.add(card.note_key);
          reviews.push(card);
        }
      }
      dueByDeck.set(deck.id, { due: dueCount, learningNow, learningLater: later });
    }
    for (const deck of decks) {
      const d = done.get(deck.id) ?? { newDone: 0, reviewsDone: 0 };
      const extra = extras.get(deck.id) ?? 0;
      const overallLeft = extra > 0 ? Math.max(0, settings.newPerDay + extra - totalDone.newDone) : newLeft;
      const newCap = Math.min(overallLeft, Math.max(0, (deck.newPerDay ?? settings.newPerDay) + extra - d.newDone));
      const fresh: QueuedCard[] = [];
      let ownNew = 0;
      if (newCap > 0) {
        // Set for every deck by the loop above.
        const ownNotes = ownNotesByDeck.get(deck.id) ?? new Set<string>();
        // Fetch a little more than the cap so that skipped siblings do not starve the deck.
        const shuffled = (deck.newCardOrder ?? settings.newCardOrder) === 'random';
        for (const card of (shuffled ? this.newShuffledStmt : this.newStmt).all(deck.id, day, newCap * 2 + 5)) {
          if (ownNew < newCap && !ownNotes.has(card.note_key)) {
            ownNotes.add(card.note_key);
            ownNew++;
          }
          if (fresh.length >= newCap || notesTaken.has(card.note_key)) continue;
          notesTaken.add(card.note_key);
          fresh.push(card);
        }
      }
      freshByDeck.push(fresh);
      perDeck.set(deck.id, { ...(dueByDeck.get(deck.id) ?? { due: 0, learningNow: 0, learningLater: 0 }), new: ownNew });
    }
    learning.sort((a, b) => a.due - b.due);
    learningLater.sort((a, b) => a.due - b.due);
    reviews.sort((a, b) => a.due - b.due);
    // Across decks the overall limits apply; new cards are taken from each deck in turn,
    // so a session over several decks mixes their topics.
    const todayReviews = reviews.slice(0, reviewsLeft);
    const todayNew = roundRobin(freshByDeck).slice(0, newLeft + extraTotal);
    return {
      day,
      learning,
      learningLater,
      main: interleave(todayReviews, todayNew),
      perDeck,
      totals: {
        due: todayReviews.length,
        new: todayNew.length,
        learning: learning.length,
        learningLater: learningLater.length,
        nextLearningAt: learningLater[0]?.due ?? null,
      },
    };
  }
}

export function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

/** Spreads new cards evenly among reviews, so a session never ends with a wall of new material. */
export function interleave<T>(reviews: T[], fresh: T[]): T[] {
  if (fresh.length === 0) return reviews;
  if (reviews.length === 0) return fresh;
  const out: T[] = [];
  const step = (reviews.length + fresh.length) / fresh.length;
  let nextNewAt = step / 2;
  let r = 0;
  let n = 0;
  for (let i = 0; i < reviews.length + fresh.length; i++) {
    if (n < fresh.length && (i >= nextNewAt - 0.5 || r >= reviews.length)) {
      out.push(fresh[n++] as T);
      nextNewAt += step;
    } else {
      out.push(reviews[r++] as T);
    }
  }
  return out;
}
