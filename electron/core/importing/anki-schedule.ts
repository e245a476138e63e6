import { studyDay } from '../domain/day-clock.js';
import type { CardStateValue, GradeValue } from '../domain/types.js';
import type { AnkiCard, AnkiReview } from './anki-collection.js';
import type { ImportedSchedule } from './import-model.js';

/** Anki's revlog.type: 0 learn, 2 relearn (the types whose answers v1 gave three buttons). */
const learnTypes = new Set([0, 2]);

/**
 * The grade of one Anki answer. The v1 scheduler showed three buttons on
 * learning and relearning cards (1 Again, 2 Good, 3 Easy) and four on review
 * cards; v2 and v3 show four everywhere. Anki's own upgrade to v2 moves v1's
 * learning answers 2 and 3 up by one; this reads them the same way.
 */
export function ankiGrade(review: Pick<AnkiReview, 'ease' | 'type'>, schedulerVersion: 1 | 2): GradeValue | null {
  const ease = review.ease;
  if (!Number.isInteger(ease) || ease < 1 || ease > 4) return null; // 0: a manual reschedule, not an answer
  if (schedulerVersion === 1 && learnTypes.has(review.type) && (ease === 2 || ease === 3)) return (ease + 1) as GradeValue;
  return ease as GradeValue;
}

/** The study day (local calendar, no rollover) Anki's day 0 falls on: review due dates count from it. */
export function ankiDayZero(crtSeconds: number): number {
  // The creation stamp is the rollover hour of the creation day; half a day later is safely inside it in any zone near the creator's.
  return studyDay(crtSeconds * 1000 + 12 * 3_600_000, 0);
}

/** FSRS memory Anki 23.10+ stores in a card's `data` JSON (`s` stability in days, `d` difficulty 1–10, `dr` desired retention). */
export interface AnkiMemory {
  stability: number;
  difficulty: number;
  desiredRetention: number | null;
  /** The last review (ms) Anki recorded alongside (`lrt`, seconds), when present. */
  lastReview: number | null;
}

export function ankiMemoryOf(data: string): AnkiMemory | null {
  if (!data || data[0] !== '{') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { s, d, dr, lrt } = value as Record<string, unknown>;
  if (typeof s !== 'number' || typeof d !== 'number' || !Number.isFinite(s) || !Number.isFinite(d)) return null;
  // Anki's own bounds on the memory state (fsrs-rs: stability 0.001–36,500 days, difficulty 1–10).
  if (s < 0.001 || s > 36_500 || d < 1 || d > 10) return null;
  return {
    stability: s,
    difficulty: d,
    desiredRetention: typeof dr === 'number' && dr > 0 && dr < 1 ? dr : null,
    lastReview: typeof lrt === 'number' && Number.isSafeInteger(lrt) && lrt > 0 ? lrt * 1000 : null,
  };
}

/** Day numbers and moments outside these are no real schedule (a damaged or crafted card): it is then due now. */
const plausibleDays = { min: 12_000, max: 200_000 };
const plausibleMoment = { min: Date.UTC(2006, 0, 1), max: Date.UTC(2400, 0, 1) };

/**
 * The state Anki held a card in: type (new, learning, review, relearning),
 * due, interval, reps, lapses, suspension, burying, flag, and its stored
 * FSRS memory. `lastReview` is the card's last answer in the package's
 * history (ms), or null when the package has none for it.
 */
export function ankiSchedule(card: AnkiCard, dayZero: number, lastReview: number | null): { schedule: ImportedSchedule; memory: AnkiMemory | null; flagDropped: boolean } {
  // v1 kept relearning cards as review cards in a learning queue; Anki's upgrade makes them relearning, as here.
  let type = card.type;
  if (type === 2 && (card.queue === 1 || card.queue === 3)) type = 3;
  const state = (type >= 0 && type <= 3 ? type : 0) as CardStateValue;
  const rawDue = card.inFilteredDeck && card.odue !== 0 ? card.odue : card.due;
  let due: ImportedSchedule['due'] = null;
  if (state !== 0) {
    // Learning cards in the intraday queue are due at a moment (seconds); the rest on a day counted from day zero.
    const atMoment = (state === 1 || state === 3) && rawDue > 1_000_000_000;
    if (atMoment) {
      const at = rawDue * 1000;
      if (at >= plausibleMoment.min && at <= plausibleMoment.max) due = { at };
    } else {
      const day = dayZero + rawDue;
      if (day >= plausibleDays.min && day <= plausibleDays.max) due = { day };
    }
  }
  const memory = state === 0 ? null : ankiMemoryOf(card.data);
  const flag = card.flags & 7;
  const count = (n: number) => (Number.isSafeInteger(n) ? Math.min(1_000_000, Math.max(0, n)) : 0);
  return {
    schedule: {
      state,
      due,
      scheduledDays: state === 2 ? Math.min(36_500, Math.max(0, card.ivl)) : 0,
      reps: count(card.reps),
      lapses: count(card.lapses),
      lastReview: lastReview ?? memory?.lastReview ?? null,
      memory: memory ? { stability: memory.stability, difficulty: memory.difficulty } : null,
      suspended: card.queue === -1,
      buried: card.queue === -2 || card.queue === -3,
      // Anki's flags 5–7 (pink, turquoise, purple) have no Demarc colour.
      flag: flag <= 4 ? flag : 0,
    },
    memory,
    flagDropped: flag > 4,
  };
}
