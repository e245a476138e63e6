import { dayStart } from '../domain/day-clock.js';
import type { CardStateValue, GradeValue, Owner, ReviewKind } from '../domain/types.js';
import { isLeechLapse } from '../review/answer-card.js';
import { interleave } from '../review/study-queue.js';
import type { LearnerCardTraits, LearnerMemory, SimulatedLearner } from './simulated-learner.js';
import type { SeededRandom } from '../domain/seeded-random.js';
import { newMemoryState } from '../scheduling/fsrs-scheduler.js';
import type { MemoryState } from '../scheduling/memory-state.js';
import type { Fsrs6Step } from './fsrs6-step.js';
import { TimeQueue } from './time-queue.js';

/** One card during the simulation: the scheduler's view (`fsrs`) and the learner's real memory. */
export interface SimulationCard {
  id: number;
  traits: LearnerCardTraits;
  /** Typical answer time for this kind of card. */
  medianMs: number;
  fsrs: MemoryState | null;
  dueAt: number;
  lastReviewDay: number | null;
  memory: LearnerMemory | null;
  suspended: boolean;
  leech: boolean;
}

/** One review_log row. */
export interface SimulatedReview {
  cardId: number;
  reviewedAt: number;
  day: number;
  rating: GradeValue;
  stateBefore: CardStateValue;
  kind: ReviewKind;
  scheduledDays: number;
  elapsedDays: number;
  durationMs: number;
  stabilityAfter: number;
  difficultyAfter: number;
  pickedOwner: Owner | null;
  correct: number | null;
}

export interface SimulationPlan {
  /** Study day of day offset 0; the simulation covers `days` study days from there. */
  firstDay: number;
  days: number;
  /** Nothing is answered at or after this time (the last day is cut short there). */
  endAt: number;
  /** New cards to introduce on each day offset. */
  introductions: readonly number[];
  /** Cards in the order the learner meets them when new. */
  introOrder: readonly SimulationCard[];
  /** Cram answers to give on a day offset (0 = no cram session), given the answers so far. */
  cramSize: (dayOffset: number, done: { regular: number; cram: number }) => number;
  /** Days the learner does not open the app. */
  skipped: readonly boolean[];
}

export interface SimulationRules {
  scheduler: Fsrs6Step;
  learner: SimulatedLearner;
  rng: SeededRandom;
  rolloverHour: number;
  leechThreshold: number;
  leechAction: 'suspend' | 'tag';
}

const kindByState: Record<number, ReviewKind> = { 0: 'learning', 1: 'learning', 2: 'review', 3: 'relearning' };
const hourMs = 3_600_000;
/** Mean wall-clock time per answer including the pause before the next card, for planning a session's length. */
const meanStepMs = 11_000;

/**
 * Runs the learner day by day: each study day (unless skipped) one session of
 * the cards due that day, with the day's new cards spread among them and
 * learning steps answered when they come due, then sometimes a cram session.
 * Cards wait in per-day buckets, so a day costs only the cards it touches.
 * Rows are emitted in time order.
 */
export function runSimulation(plan: SimulationPlan, rules: SimulationRules, emit: (review: SimulatedReview) => void): void {
  const { days } = plan;
  const starts: number[] = [];
  for (let d = 0; d <= days; d++) starts.push(dayStart(plan.firstDay + d, rules.rolloverHour));
  const buckets: SimulationCard[][] = Array.from({ length: days }, () => []);
  const studied: SimulationCard[] = [];
  let introduced = 0;
  let introDebt = 0;
  const done = { regular: 0, cram: 0 };
  const count = (review: SimulatedReview) => {
    if (review.kind === 'cram') done.cram++;
    else done.regular++;
    emit(review);
  };

  /** Day offset a time falls in (`days` when past the end). */
  const offsetOf = (time: number): number => {
    if (time < (starts[0] as number)) return 0;
    let lo = 0;
    let hi = days;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= time) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const defer = (card: SimulationCard, fromDay: number) => {
    const target = Math.max(offsetOf(card.dueAt), fromDay);
    if (target < days) (buckets[target] as SimulationCard[]).push(card);
  };

  for (let d = 0; d < days; d++) {
    const due = buckets[d] as SimulationCard[];
    buckets[d] = [];
    introDebt += plan.introductions[d] ?? 0;
    if (plan.skipped[d]) {
      if (d + 1 < days) (buckets[d + 1] as SimulationCard[]).push(...due);
      continue;
    }
    const day = plan.firstDay + d;
    const fresh = plan.introOrder.slice(introduced, introduced + introDebt);
    introduced += fresh.length;
    introDebt = 0;

    const learning = new TimeQueue<SimulationCard>();
    const reviews: SimulationCard[] = [];
    for (const card of due) {
      if (card.suspended) continue;
      const state = card.fsrs?.state ?? 0;
      if (state === 1 || state === 3) learning.push(card.dueAt, card);
      else reviews.push(card);
    }
    reviews.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    const main = interleave(reviews, fresh);

    const windowEnd = Math.min((starts[d + 1] as number) - 60_000, plan.endAt - 1);
    const dayBegin = (starts[d] as number) + 60_000;
    const load = (main.length + learning.size) * 1.4 * meanStepMs;
    let cursor = Math.round((starts[d] as number) + (3 + rules.rng.next() * 11) * hourMs);
    if (cursor + load > windowEnd) cursor = Math.round(Math.max(dayBegin, windowEnd - load));
    // A day too short for its load (a big backlog, or the final day cut at endAt) is answered faster.
    const pace = load > 0 ? Math.min(1, Math.max(0.02, (windowEnd - cursor) / load)) : 1;

    let next = 0;
    const leftover: SimulationCard[] = [];
    for (;;) {
      let card: SimulationCard | undefined;
      if (learning.peekTime() <= cursor) card = learning.pop();
      else if (next < main.length) card = main[next++];
      else if (learning.peekTime() < windowEnd) {
        // Nothing else to do: come back when the next learning step is due.
        cursor = Math.round(learning.peekTime() + rules.rng.next() * 120_000);
        card = learning.pop();
      } else break;
      if (!card) break;
      if (cursor >= windowEnd) {
        leftover.push(card);
        break;
      }
      const spent = answer(card, cursor, day, rules, count);
      if (card.lastReviewDay === day && card.fsrs?.reps === 1) studied.push(card);
      cursor += Math.max(1, Math.round((spent + 1000 + rules.rng.next() * 3000) * pace));
      if (card.suspended) continue;
      const state = card.fsrs?.state ?? 0;
      if ((state === 1 || state === 3) && card.dueAt < windowEnd) learning.push(card.dueAt, card);
      else defer(card, d + 1);
    }
    leftover.push(...main.slice(next), ...learning.drain());
    if (d + 1 < days) for (const card of leftover) defer(card, d + 1);

    const cramSize = studied.length > 0 ? plan.cramSize(d, done) : 0;
    if (cramSize > 0) {
      cursor += Math.round((0.5 + rules.rng.next()) * hourMs * pace);
      for (let k = 0; k < cramSize && cursor < windowEnd; k++) {
        const card = studied[rules.rng.int(studied.length)] as SimulationCard;
        if (card.suspended) continue;
        const spent = cram(card, cursor, day, rules, count);
        cursor += Math.max(1, Math.round((spent + 1000 + rules.rng.next() * 2000) * pace));
      }
    }
  }
}

/** One answer that counts toward the schedule; returns the time spent on it. */
function answer(card: SimulationCard, now: number, day: number, rules: SimulationRules, emit: (review: SimulatedReview) => void): number {
  const before = card.fsrs ?? newMemoryState(now);
  const stateBefore = before.state;
  const given = card.memory === null ? rules.learner.firstAnswer(card.traits) : rules.learner.answer(rules.learner.recallProbability(card.memory, now, day));
  const result = rules.scheduler.next(before, now, given.grade);
  const after = result.card;
  const durationMs = rules.learner.durationMs(card.medianMs, given.recalled);
  const pickedOwner = rules.learner.pickOwner(card.traits, given.recalled);
  emit({
    cardId: card.id,
    reviewedAt: now,
    day,
    rating: given.grade,
    stateBefore,
    kind: kindByState[stateBefore] ?? 'review',
    scheduledDays: result.loggedScheduledDays,
    elapsedDays: card.lastReviewDay === null ? 0 : day - card.lastReviewDay,
    durationMs,
    stabilityAfter: after.stability,
    difficultyAfter: after.difficulty,
    pickedOwner,
    correct: pickedOwner === null ? null : given.recalled ? 1 : 0,
  });
  card.memory = rules.learner.remember(card.memory, given.grade, now, day);
  if (after.lapses > before.lapses && isLeechLapse(after.lapses, rules.leechThreshold)) {
    card.leech = true;
    if (rules.leechAction === 'suspend') card.suspended = true;
  }
  card.fsrs = after;
  card.dueAt = after.due;
  card.lastReviewDay = day;
  return durationMs;
}

/** A cram answer: logged, but neither the schedule nor (by assumption) the memory changes. */
function cram(card: SimulationCard, now: number, day: number, rules: SimulationRules, emit: (review: SimulatedReview) => void): number {
  const fsrsCard = card.fsrs as MemoryState;
  const memory = card.memory as LearnerMemory;
  const given = rules.learner.answer(rules.learner.recallProbability(memory, now, day));
  const durationMs = rules.learner.durationMs(card.medianMs * 0.8, given.recalled);
  const pickedOwner = rules.learner.pickOwner(card.traits, given.recalled);
  emit({
    cardId: card.id,
    reviewedAt: now,
    day,
    rating: given.grade,
    stateBefore: fsrsCard.state,
    kind: 'cram',
    scheduledDays: 0,
    elapsedDays: card.lastReviewDay === null ? 0 : day - card.lastReviewDay,
    durationMs,
    stabilityAfter: fsrsCard.stability,
    difficultyAfter: fsrsCard.difficulty,
    pickedOwner,
    correct: pickedOwner === null ? null : given.recalled ? 1 : 0,
  });
  return durationMs;
}
