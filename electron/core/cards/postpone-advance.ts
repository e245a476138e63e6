import { DemarcError, ErrorCode } from '../domain/errors.js';
import { dateOfDay, dayOfDate, dayStart, studyDay } from '../domain/day-clock.js';
import type { CardRecord } from './card-record.js';

/**
 * Postpone and Advance (Anki's FSRS helper, SuperMemo): move review cards'
 * due dates where it costs least.
 *
 * - Postpone (a backlog): cards due by the end of today move to `days` study
 *   days from today. The ones chosen first are those whose retrievability
 *   drops least between now and then (long stabilities lose little), so the
 *   learner's recall pays as little as it can.
 * - Advance (before an exam): review cards due after `days` study days from
 *   today (0 = today) come due then. The ones chosen first are those with
 *   the lowest retrievability now, then the shortest stability: the cards
 *   most likely forgotten by the exam.
 *
 * The cost is told before anything is written: for the chosen cards, the mean
 * expected recall when each is reviewed as scheduled now, and at its new date
 * (lower for a postpone; higher for an advance, whose price is that a review
 * before its time adds less to the memory and is one more review to do).
 * Learning and relearning cards (steps of minutes) and new cards are left alone.
 */
export const shiftKinds = ['postpone', 'advance'] as const;
export type ShiftKind = (typeof shiftKinds)[number];

/** Which cards: one deck's, or those a search finds (every deck). */
export interface ShiftScope {
  deckId?: string | undefined;
  query?: string | undefined;
}

export interface ShiftRequest {
  kind: ShiftKind;
  scope: ShiftScope;
  /** Study days from today of the new due date: postpone 1–365, advance 0–365. */
  days: number;
  /** How many of the cards that could move; omitted: the suggested number (`ShiftPlan.suggested`). */
  count?: number | undefined;
}

export interface ShiftPlan {
  kind: ShiftKind;
  days: number;
  /** The new due day, as a calendar date (YYYY-MM-DD). */
  newDate: string;
  /** Review cards in the scope that this could move. */
  eligible: number;
  /** The number offered when none is asked: every due card for a postpone; for an advance the cards due after the exam, else all. */
  suggested: number;
  /** How many move. */
  count: number;
  /** Mean expected recall of the cards that move, reviewed when they are due now (postpone: today; advance: their dates). Null when none move. */
  recallAsScheduled: number | null;
  /** The same at their new date. */
  recallMoved: number | null;
  /** The exam date that applies to the scope (the deck's own, else the collection's), or null. */
  examDate: string | null;
  /** Review cards in the scope due after the exam day (what an Advance can bring before it); 0 without an exam. */
  dueAfterExam: number;
}

export interface ShiftChoice {
  plan: ShiftPlan;
  /** The cards that move, cheapest first, with their new due moment. */
  moves: { cardId: number; due: number }[];
}

export interface ShiftClock {
  now: number;
  rolloverHour: number;
}

/** The bounds of `days` for each kind: a postpone moves at least to tomorrow. */
export const shiftDayBounds: Record<ShiftKind, { min: number; max: number }> = {
  postpone: { min: 1, max: 365 },
  advance: { min: 0, max: 365 },
};

/**
 * Chooses the cards and tells the cost, from the review cards of the scope
 * (suspended, buried and retired ones already left out by the caller).
 * `recall(card, at)` is the card's retrievability at a moment (its deck's
 * scheduler). Pure: the same cards, clock and request give the same plan.
 */
export function planShift(
  cards: readonly CardRecord[],
  request: ShiftRequest,
  clock: ShiftClock,
  recall: (card: CardRecord, at: number) => number,
  examDate: string | null,
): ShiftChoice {
  const bounds = shiftDayBounds[request.kind];
  if (!Number.isInteger(request.days) || request.days < bounds.min || request.days > bounds.max) {
    throw new DemarcError(ErrorCode.invalidArgument, `Days must be a whole number from ${bounds.min} to ${bounds.max}.`);
  }
  const today = studyDay(clock.now, clock.rolloverHour);
  const target = request.days === 0 ? clock.now : dayStart(today + request.days, clock.rolloverHour) + (clock.now - dayStart(today, clock.rolloverHour));
  const targetDayEnd = dayStart(today + request.days + 1, clock.rolloverHour);
  const reviews = cards.filter((c) => c.state === 2);
  const examDay = examDate === null ? null : dayOfDate(examDate);
  const dueAfterExam = examDay === null ? 0 : reviews.filter((c) => studyDay(c.due, clock.rolloverHour) > examDay).length;

  // Each candidate: when it is due as scheduled, and the order it is chosen in.
  type Candidate = { card: CardRecord; scheduledAt: number; rank: number; tie: number };
  let candidates: Candidate[];
  if (request.kind === 'postpone') {
    const endOfToday = dayStart(today + 1, clock.rolloverHour);
    candidates = reviews
      .filter((c) => c.due < endOfToday)
      .map((card) => ({ card, scheduledAt: clock.now, rank: recall(card, clock.now) - recall(card, target), tie: -card.stability }));
  } else {
    candidates = reviews
      .filter((c) => c.due >= targetDayEnd)
      .map((card) => ({ card, scheduledAt: card.due, rank: recall(card, clock.now), tie: card.stability }));
  }
  candidates.sort((a, b) => a.rank - b.rank || a.tie - b.tie || a.card.id - b.card.id);

  const suggested = request.kind === 'postpone' || examDay === null
    ? candidates.length
    : candidates.filter((c) => studyDay(c.card.due, clock.rolloverHour) > examDay).length;
  const wanted = request.count ?? suggested;
  if (!Number.isInteger(wanted) || wanted < 0) throw new DemarcError(ErrorCode.invalidArgument, 'How many cards must be a whole number, 0 or more.');
  const chosen = candidates.slice(0, wanted);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);
  return {
    plan: {
      kind: request.kind,
      days: request.days,
      newDate: dateOfDay(today + request.days),
      eligible: candidates.length,
      suggested,
      count: chosen.length,
      recallAsScheduled: mean(chosen.map((c) => recall(c.card, c.scheduledAt))),
      recallMoved: mean(chosen.map((c) => recall(c.card, target))),
      examDate,
      dueAfterExam,
    },
    moves: chosen.map((c) => ({ cardId: c.card.id, due: target })),
  };
}
