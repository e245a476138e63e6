import { fsrs, generatorParameters, type Card, type FSRS, type Grade as FsrsGrade, type Steps } from 'ts-fsrs';
import type { Settings } from '../settings/settings-schema.js';
import type { CardStateValue, GradePreview, GradeValue } from '../domain/types.js';
import { reviewTimeFor } from './review-time.js';
import type { MemoryState } from './memory-state.js';


export interface ScheduledAnswer {
  after: MemoryState;
  scheduledDays: number;
  elapsedDays: number;
}

/** Identifies a card to the exam cap, which applies per deck. */
export interface CardRef {
  id: number;
  deckId: string;
}

/**
 * Moves a review's due date after FSRS chose it: the load balancer and Easy
 * Days within the fuzz range, then the exam mode. `memory` is the card's
 * state after the answer.
 */
export type DueCap = (due: number, now: number, card: CardRef, memory: MemoryState) => number;

export const grades: readonly GradeValue[] = [1, 2, 3, 4];

/**
 * A thin adapter over ts-fsrs (FSRS-6): converts our stored state to its
 * card type and back, and applies the exam cap, which ts-fsrs knows nothing of.
 */
export class FsrsScheduler {
  readonly engine: FSRS;
  private readonly capDue: DueCap | null;
  /** The options this scheduler runs with: the collection's settings with the deck's preset over them. */
  readonly settings: Settings;

  /** The same engine without fuzz, made on first use (see `memoryAfter`). */
  private unfuzzed: FSRS | null = null;

  constructor(settings: Settings, capDue: DueCap | null = null) {
    this.settings = settings;
    this.engine = fsrs(engineParameters(settings, settings.enableFuzz));
    this.capDue = capDue;
  }

  next(memory: MemoryState, answeredAt: number, grade: GradeValue, card: CardRef): ScheduledAnswer {
    const now = reviewTimeFor(memory, answeredAt);
    const result = this.engine.next(toFsrsCard(memory), new Date(now), grade as FsrsGrade);
    const after = fromFsrsCard(result.card);
    if (this.capDue && after.state === 2) after.due = this.capDue(after.due, now, card, after);
    return { after, scheduledDays: result.log.scheduled_days, elapsedDays: result.log.elapsed_days };
  }

  /**
   * The state after an answer, except its due date and scheduled days, which
   * are left unfuzzed and uncapped. In FSRS the fuzz and the exam cap move only
   * the due date: stability, difficulty, state, steps, reps and lapses after
   * an answer never depend on an earlier due date (elapsed time is measured
   * from the last review). A replay therefore folds every answer but the last
   * through this, skipping the four seeded fuzz draws per answer, and the last
   * through `next`; the result is exactly `next` all the way (tested).
   */
  memoryAfter(memory: MemoryState, answeredAt: number, grade: GradeValue): MemoryState {
    const engine = this.settings.enableFuzz ? (this.unfuzzed ??= fsrs(engineParameters(this.settings, false))) : this.engine;
    const now = reviewTimeFor(memory, answeredAt);
    return fromFsrsCard(engine.next(toFsrsCard(memory), new Date(now), grade as FsrsGrade).card);
  }

  previews(memory: MemoryState, shownAt: number, ref: CardRef): GradePreview[] {
    const now = reviewTimeFor(memory, shownAt);
    const card = toFsrsCard(memory);
    // All four grades from one scheduler run: the same cards `next` gives one grade at a time, at a quarter of the cost.
    const outcomes = this.engine.repeat(card, new Date(now));
    return grades.map((grade) => {
      const next = outcomes[grade as FsrsGrade].card;
      let due = next.due.getTime();
      if (this.capDue && next.state === 2) due = this.capDue(due, now, ref, fromFsrsCard(next));
      return { grade, due, intervalMs: Math.max(0, due - now) };
    });
  }

  retrievability(memory: MemoryState, at: number): number {
    if (memory.state === 0 || memory.lastReview === null) return 0;
    return this.engine.get_retrievability(toFsrsCard(memory), new Date(at), false);
  }
}

function engineParameters(settings: Settings, enableFuzz: boolean) {
  return generatorParameters({
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumIntervalDays,
    enable_fuzz: enableFuzz,
    enable_short_term: true,
    learning_steps: settings.learningSteps as Steps,
    relearning_steps: settings.relearningSteps as Steps,
    ...(settings.fsrsWeights ? { w: settings.fsrsWeights } : {}),
  });
}

export function toFsrsCard(m: MemoryState): Card {
  return {
    due: new Date(m.due),
    stability: m.stability,
    difficulty: m.difficulty,
    elapsed_days: 0,
    scheduled_days: m.scheduledDays,
    learning_steps: m.learningSteps,
    reps: m.reps,
    lapses: m.lapses,
    state: m.state,
    ...(m.lastReview === null ? {} : { last_review: new Date(m.lastReview) }),
  };
}

export function fromFsrsCard(c: Card): MemoryState {
  return {
    state: c.state as CardStateValue,
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    lastReview: c.last_review ? c.last_review.getTime() : null,
  };
}

export const newMemoryState = (now: number): MemoryState => ({
  state: 0,
  due: now,
  stability: 0,
  difficulty: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
  lastReview: null,
});
