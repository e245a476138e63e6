import type Database from 'better-sqlite3';
import type { CollectionDoor, WriteConnection } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { dayOfDate, studyDay } from '../domain/day-clock.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import { examDeckSet } from '../exam/exam-scope.js';
import { cardsByIds, searchCardIds } from '../search/search-cards.js';
import type { SearchContext } from '../search/search-sql.js';
import { memoryOf, type CardRecord } from './card-record.js';
import type { CardEditLog } from './card-edit-log.js';
import { planShift, type ShiftChoice, type ShiftPlan, type ShiftRequest } from './postpone-advance.js';
import { momentAfterAnswers } from './moment-after-answers.js';

/** What Postpone and Advance read of the open collection. */
export interface ShiftContext extends CollectionDoor {
  now(): number;
  readonly settings: { rolloverHour: number; examDate: string | null; examDeckIds: readonly string[] };
  schedulerFor(deckId: string): FsrsScheduler;
  searchContext(): SearchContext;
}

export interface ShiftResult {
  changed: number;
  /** The recorded change (Undo in the notice, `cards.undoEdit`), or null when nothing moved. */
  batchId: number | null;
  summary: string;
  plan: ShiftPlan;
}

/** The cards a Postpone or Advance would move and what it costs in expected recall; nothing is written. */
export function previewShift(c: ShiftContext, request: ShiftRequest): ShiftPlan {
  return chooseShift(c, request).plan;
}

/**
 * Moves the chosen cards' due dates in one recorded change, inside the write
 * door's write (`db`) (undone like any other change outside review, which it also ends:
 * the review sessions' whole-card restores could take it back). The memory
 * state is kept, so FSRS sees the real elapsed time at the next review.
 */
export function applyShift(db: WriteConnection, c: ShiftContext, log: CardEditLog, request: ShiftRequest): ShiftResult {
  const { plan, moves } = chooseShift(c, request);
  const cards = (n: number) => (n === 1 ? '1 card' : `${n} cards`);
  const verb = request.kind === 'postpone' ? 'Postponed' : 'Advanced';
  const rollover = c.settings.rolloverHour;
  const result = log.record('edit', c.now(), moves.map((m) => m.cardId), [], () => {
    const lastReview = db.prepare<[number], number | null>('SELECT last_review FROM cards WHERE id = ?').pluck();
    // set_due makes the new date travel and keeps it through a sync that replays the card's history (sync/card-replay.ts).
    const update = db.prepare('UPDATE cards SET due = ?, scheduled_days = ?, set_due = ? WHERE id = ? AND state = 2');
    const at = c.now();
    let changed = 0;
    for (const m of moves) {
      const last = lastReview.get(m.cardId);
      const days = last === null || last === undefined ? 0 : Math.max(0, studyDay(m.due, rollover) - studyDay(last, rollover));
      changed += update.run(m.due, days, JSON.stringify({ at: momentAfterAnswers(db, m.cardId, at), due: m.due, days }), m.cardId).changes;
    }
    return { value: changed, summary: `${verb} ${cards(changed)} to ${plan.newDate}` };
  });
  return { changed: result.value, batchId: result.batchId, summary: result.summary, plan };
}

function chooseShift(c: ShiftContext, request: ShiftRequest): ShiftChoice {
  const { deckId, query } = request.scope;
  if (deckId === undefined && (query === undefined || query.trim() === '')) {
    throw new DemarcError(ErrorCode.invalidArgument, 'Choose a deck or a search for the cards to move.');
  }
  const now = c.now();
  const today = studyDay(now, c.settings.rolloverHour);
  const { cards, examDate } = c.read((db) => ({
    cards: reviewCardsOf(db, request, c.searchContext(), today),
    examDate: deckId !== undefined && query === undefined ? examDateOfDeck(db, deckId, c.settings) : c.settings.examDate,
  }));
  const schedulers = new Map<string, FsrsScheduler>();
  const recall = (card: CardRecord, at: number) => {
    let s = schedulers.get(card.deck_id);
    if (!s) schedulers.set(card.deck_id, (s = c.schedulerFor(card.deck_id)));
    return s.retrievability(memoryOf(card), at);
  };
  // A past exam date says nothing about what to advance.
  const upcoming = examDate !== null && dayOfDate(examDate) >= today ? examDate : null;
  return planShift(cards, request, { now, rolloverHour: c.settings.rolloverHour }, recall, upcoming);
}

/** The scope's review cards that may move: not suspended, retired or buried today. */
function reviewCardsOf(db: Database.Database, request: ShiftRequest, ctx: SearchContext, today: number): CardRecord[] {
  const { deckId, query } = request.scope;
  let rows: CardRecord[];
  if (query !== undefined && query.trim() !== '') {
    rows = cardsByIds(db, searchCardIds(db, { query, deckId }, ctx));
  } else {
    if (!db.prepare('SELECT 1 FROM decks WHERE id = ?').get(deckId)) throw new DemarcError(ErrorCode.notFound, `Deck ${deckId} does not exist.`);
    rows = db.prepare<unknown[], CardRecord>('SELECT * FROM cards WHERE deck_id = ? AND state = 2 AND suspended = 0 AND retired = 0').all(deckId);
  }
  return rows.filter((r) => r.state === 2 && r.suspended === 0 && r.retired === 0 && r.buried_day !== today);
}

/** A deck's own exam date, else the collection's when the deck is on the exam. */
function examDateOfDeck(db: Database.Database, deckId: string, settings: ShiftContext['settings']): string | null {
  const own = db.prepare<[string], string | null>('SELECT exam_date FROM decks WHERE id = ?').pluck().get(deckId);
  if (own) return own;
  if (settings.examDate === null) return null;
  return examDeckSet(db, settings.examDeckIds).includes(deckId) ? settings.examDate : null;
}
