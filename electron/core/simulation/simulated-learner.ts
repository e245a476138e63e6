import { fsrs, generatorParameters, default_w } from 'ts-fsrs';
import { msPerDay } from '../domain/day-clock.js';
import type { GradeValue, Owner } from '../domain/types.js';
import type { SeededRandom } from '../domain/seeded-random.js';
import { Fsrs6Step, type FsrsMemory } from './fsrs6-step.js';

/** What the learner really remembers of one card: its own FSRS memory, apart from what the scheduler believes. */
export interface LearnerMemory {
  state: FsrsMemory;
  /** Time and study day of the last answer that changed the memory (cram answers do not). */
  at: number;
  day: number;
}

/** A card as the learner meets it: how hard it is for them, and which owner they mix it up with. */
export interface LearnerCardTraits {
  /** 0 = easy for this learner, 1 = hard: raises the chance of Again on first sight. */
  hardness: number;
  owner: Owner | null;
  /** The wrong owner this learner tends to pick for the card. */
  confusedWith: Owner | null;
}

export interface LearnerAnswer {
  grade: GradeValue;
  recalled: boolean;
}

/** Chance of slipping on a same-day learning step even when the memory is fresh (FSRS would say ~100%). */
const stepSlip = 0.08;

/**
 * The simulated person. Recall follows an FSRS-6 forgetting curve with the
 * learner's own weights (the defaults unless given), so a history generated
 * with custom weights is one that fitting can recover. Between days the
 * elapsed time is counted in whole study days, as the optimizer counts it;
 * within a day in fractions of a day, with a small slip rate on top so that
 * learning steps are not failed only on first sight.
 */
export class SimulatedLearner {
  private readonly model: Fsrs6Step;

  constructor(
    weights: readonly number[] | undefined,
    private readonly rng: SeededRandom,
  ) {
    this.model = new Fsrs6Step(fsrs(generatorParameters({ w: [...(weights ?? default_w)], enable_short_term: true })).parameters);
  }

  recallProbability(memory: LearnerMemory, now: number, day: number): number {
    const sameDay = day === memory.day;
    const elapsed = sameDay ? Math.max(0, now - memory.at) / msPerDay : day - memory.day;
    const r = this.model.forgettingCurve(elapsed, memory.state.stability);
    return sameDay ? r * (1 - stepSlip) : r;
  }

  /** The first answer to a card never seen: a plain guess at how well it sticks on first reading. */
  firstAnswer(traits: LearnerCardTraits): LearnerAnswer {
    const again = 0.1 + 0.3 * traits.hardness;
    if (this.rng.chance(again)) return { grade: 1, recalled: false };
    return { grade: this.passGrade(0.85), recalled: true };
  }

  answer(recallProbability: number): LearnerAnswer {
    if (!this.rng.chance(recallProbability)) return { grade: 1, recalled: false };
    return { grade: this.passGrade(recallProbability), recalled: true };
  }

  /** Memory after an answer that counts; `memory` null for the first one. */
  remember(memory: LearnerMemory | null, grade: GradeValue, now: number, day: number): LearnerMemory {
    const elapsed = memory === null ? 0 : day - memory.day;
    return { state: this.model.nextState(memory?.state ?? null, elapsed, grade), at: now, day };
  }

  /** The owner picked on a responsibility card: the right one when recalled, else the usual confusion most of the time. */
  pickOwner(traits: LearnerCardTraits, recalled: boolean): Owner | null {
    if (!traits.owner) return null;
    if (recalled) return traits.owner;
    if (traits.confusedWith && this.rng.chance(0.7)) return traits.confusedWith;
    const others = (['aws', 'customer', 'shared'] as const).filter((o) => o !== traits.owner);
    return this.rng.pick(others);
  }

  /** Hard, Good or Easy: surer recall is graded Easy more often. */
  private passGrade(recallProbability: number): GradeValue {
    const x = this.rng.next();
    const hard = 0.06 + 0.12 * (1 - recallProbability);
    const easy = 0.04 + 0.1 * recallProbability;
    if (x < hard) return 2;
    if (x < hard + easy) return 4;
    return 3;
  }

  /** Seconds spent on an answer: log-normal around a per-kind median, slower when failing. */
  durationMs(medianMs: number, recalled: boolean): number {
    const ms = medianMs * (recalled ? 1 : 1.6) * Math.exp(0.45 * this.rng.normal());
    return Math.round(Math.min(60_000, Math.max(800, ms)));
  }
}
