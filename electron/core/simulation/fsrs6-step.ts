import type { FSRSParameters } from 'ts-fsrs';
import type { CardStateValue, GradeValue } from '../domain/types.js';
import type { MemoryState } from '../scheduling/memory-state.js';

/** Difficulty and stability: the memory FSRS models. */
export interface FsrsMemory {
  difficulty: number;
  stability: number;
}

/** One answer's outcome: the card after it and the scheduled days the review log records (the card's before it, as ts-fsrs logs them). */
export interface FsrsStepResult {
  card: MemoryState;
  loggedScheduledDays: number;
}

const minStability = 1e-3;
const maxStability = 36500;
const msPerMinute = 60_000;
const msPerDay = 86_400_000;
const fuzzRanges = [
  { start: 2.5, end: 7, factor: 0.15 },
  { start: 7, end: 20, factor: 0.1 },
  { start: 20, end: Infinity, factor: 0.05 },
] as const;

const roundTo8 = (x: number): number => Math.round(x * 1e8) / 1e8;
const clamp = (x: number, min: number, max: number): number => Math.min(Math.max(x, min), max);

/**
 * FSRS-6 with short-term steps, as ts-fsrs 5 computes it (same formulas in
 * the same floating-point order, same learning-step rules, same seeded fuzz),
 * for the history simulation only: ts-fsrs builds a scheduler object, dates
 * and a string-seeded generator for every answer (about 70 µs), which at ten
 * million simulated answers is most of the generator's time. Parameters are
 * taken from a ts-fsrs engine's own prepared ones, so both run on the same
 * clipped weights. The parity test compares the two over many random steps.
 */
export class Fsrs6Step {
  private readonly w: readonly number[];
  private readonly decay: number;
  private readonly factor: number;
  private readonly intervalModifier: number;
  private readonly maximumInterval: number;
  private readonly enableFuzz: boolean;
  private readonly learningMinutes: readonly number[];
  private readonly relearningMinutes: readonly number[];
  private readonly easyInitDifficulty: number;
  /** The answer being computed: what its fuzz seed is made of, and the fuzz drawn from it (NaN until first needed). */
  private seedNow = 0;
  private seedReps = 0;
  private seedProduct = 0;
  private fuzz = NaN;

  constructor(parameters: FSRSParameters) {
    if (!parameters.enable_short_term) throw new Error('Fsrs6Step: only the short-term (learning steps) scheduler is implemented');
    this.w = [...parameters.w];
    this.decay = -(this.w[20] as number);
    this.factor = roundTo8(Math.exp(Math.pow(this.decay, -1) * Math.log(0.9)) - 1);
    this.intervalModifier = roundTo8((Math.pow(parameters.request_retention, 1 / this.decay) - 1) / this.factor);
    this.maximumInterval = parameters.maximum_interval;
    this.enableFuzz = parameters.enable_fuzz;
    this.learningMinutes = parameters.learning_steps.map(stepMinutes);
    this.relearningMinutes = parameters.relearning_steps.map(stepMinutes);
    this.easyInitDifficulty = this.initDifficulty(4);
  }

  /** Recall probability after `elapsedDays` at `stability` (ts-fsrs `forgetting_curve`). */
  forgettingCurve(elapsedDays: number, stability: number): number {
    return roundTo8(Math.pow(1 + (this.factor * elapsedDays) / stability, this.decay));
  }

  /** Memory after an answer `t` days after the last (ts-fsrs `next_state`); `memory` null or all zero for a first answer. */
  nextState(memory: FsrsMemory | null, t: number, g: GradeValue, r?: number): FsrsMemory {
    const d = memory?.difficulty ?? 0;
    const s = memory?.stability ?? 0;
    if (t < 0) throw new Error(`Invalid delta_t "${t}"`);
    if (d === 0 && s === 0) return { difficulty: clamp(this.initDifficulty(g), 1, 10), stability: Math.max(this.w[g - 1] as number, 0.1) };
    if (d < 1 || s < minStability) throw new Error(`Invalid memory state { difficulty: ${d}, stability: ${s} }`);
    const w = this.w;
    const recall = r ?? this.forgettingCurve(t, s);
    let next: number;
    if (t === 0) {
      const sinc = Math.pow(s, -(w[19] as number)) * Math.exp((w[17] as number) * (g - 3 + (w[18] as number)));
      next = roundTo8(clamp(s * (g >= 2 ? Math.max(sinc, 1) : sinc), minStability, maxStability));
    } else if (g === 1) {
      const afterFail = roundTo8(
        clamp(
          (w[11] as number) * Math.pow(d, -(w[12] as number)) * (Math.pow(s + 1, w[13] as number) - 1) * Math.exp((1 - recall) * (w[14] as number)),
          minStability,
          maxStability,
        ),
      );
      next = clamp(roundTo8(s / Math.exp((w[17] as number) * (w[18] as number))), minStability, afterFail);
    } else {
      const hardPenalty = g === 2 ? (w[15] as number) : 1;
      const easyBonus = g === 4 ? (w[16] as number) : 1;
      next = roundTo8(
        clamp(
          s * (1 + Math.exp(w[8] as number) * (11 - d) * Math.pow(s, -(w[9] as number)) * (Math.exp((1 - recall) * (w[10] as number)) - 1) * hardPenalty * easyBonus),
          minStability,
          maxStability,
        ),
      );
    }
    const deltaD = -(w[6] as number) * (g - 3);
    const damped = d + roundTo8((deltaD * (10 - d)) / 9);
    const difficulty = clamp(roundTo8((w[7] as number) * this.easyInitDifficulty + (1 - (w[7] as number)) * damped), 1, 10);
    return { difficulty, stability: next };
  }

  /** The card after answering `grade` at `now` (ts-fsrs `next` with the basic scheduler). */
  next(before: MemoryState, now: number, grade: GradeValue): FsrsStepResult {
    const elapsed = before.state !== 0 && before.lastReview !== null ? Math.floor(now / msPerDay) - Math.floor(before.lastReview / msPerDay) : 0;
    const reps = before.reps + 1;
    this.seedNow = now;
    this.seedReps = reps;
    this.seedProduct = before.difficulty * before.stability;
    this.fuzz = NaN;
    const card: MemoryState = { ...before, reps, lastReview: now };
    const loggedScheduledDays = before.scheduledDays;

    if (before.state === 2) {
      const r = this.forgettingCurve(elapsed, before.stability);
      if (grade === 1) {
        Object.assign(card, this.nextState(before, elapsed, 1, r));
        this.applySteps(card, before, 1, 3, now, elapsed);
        card.lapses += 1;
        return { card, loggedScheduledDays };
      }
      const hard = this.nextState(before, elapsed, 2, r).stability;
      const good = this.nextState(before, elapsed, 3, r).stability;
      const mine = this.nextState(before, elapsed, grade, r);
      let hardIvl = this.nextInterval(hard, elapsed);
      let goodIvl = this.nextInterval(good, elapsed);
      hardIvl = Math.min(hardIvl, goodIvl);
      goodIvl = Math.max(goodIvl, hardIvl + 1);
      let interval = grade === 2 ? hardIvl : goodIvl;
      if (grade === 4) interval = Math.max(this.nextInterval(mine.stability, elapsed), goodIvl + 1);
      Object.assign(card, mine, { state: 2, learningSteps: 0, scheduledDays: interval, due: now + interval * msPerDay });
      return { card, loggedScheduledDays };
    }
    Object.assign(card, this.nextState(before, elapsed, grade));
    this.applySteps(card, before, grade, before.state === 0 ? 1 : before.state, now, elapsed);
    return { card, loggedScheduledDays };
  }

  private initDifficulty(g: number): number {
    return roundTo8((this.w[4] as number) - Math.exp((g - 1) * (this.w[5] as number)) + 1);
  }

  /** ts-fsrs `BasicLearningStepsStrategy` and `applyLearningSteps`. */
  private applySteps(card: MemoryState, before: MemoryState, grade: GradeValue, toState: CardStateValue, now: number, elapsed: number): void {
    const steps = before.state === 3 || before.state === 2 ? this.relearningMinutes : this.learningMinutes;
    const step = before.learningSteps || 0;
    let minutes = 0;
    let nextStep = 0;
    if (steps.length > 0 && step < steps.length) {
      if (before.state === 2) {
        if (grade === 1) minutes = steps[Math.max(0, step)] as number;
      } else if (grade === 1) minutes = steps[0] as number;
      else if (grade === 2) {
        minutes = steps.length === 1 ? Math.round((steps[0] as number) * 1.5) : Math.round(((steps[0] as number) + (steps[1] as number)) / 2);
        nextStep = step;
      } else if (grade === 3 && step + 1 < steps.length && (steps[step + 1] as number) !== 0) {
        minutes = Math.round(steps[step + 1] as number);
        nextStep = step + 1;
      }
    }
    minutes = Math.max(0, minutes);
    if (minutes > 0 && minutes < 1440) {
      card.learningSteps = nextStep;
      card.scheduledDays = 0;
      card.state = toState;
      card.due = now + Math.round(minutes) * msPerMinute;
      return;
    }
    card.state = 2;
    if (minutes >= 1440) {
      card.learningSteps = nextStep;
      card.due = now + Math.round(minutes) * msPerMinute;
      card.scheduledDays = Math.floor(minutes / 1440);
    } else {
      card.learningSteps = 0;
      const interval = this.nextInterval(card.stability, elapsed);
      card.scheduledDays = interval;
      card.due = now + interval * msPerDay;
    }
  }

  /**
   * ts-fsrs `next_interval` with `apply_fuzz`. ts-fsrs seeds a generator from
   * the string `${time}_${reps}_${difficulty × stability}` for each interval it
   * fuzzes; every interval of one answer gets the same first draw, so it is
   * made once, and only when an interval is long enough to fuzz.
   */
  private nextInterval(stability: number, elapsed: number): number {
    const ivl = Math.min(Math.max(1, Math.round(stability * this.intervalModifier)), this.maximumInterval);
    if (!this.enableFuzz || ivl < 2.5) return Math.round(ivl);
    let delta = 1;
    for (const range of fuzzRanges) delta += range.factor * Math.max(Math.min(ivl, range.end) - range.start, 0);
    const interval = Math.min(ivl, this.maximumInterval);
    let min = Math.max(2, Math.round(interval - delta));
    const max = Math.min(Math.round(interval + delta), this.maximumInterval);
    if (interval > elapsed) min = Math.max(min, elapsed + 1);
    min = Math.min(min, max);
    if (Number.isNaN(this.fuzz)) {
      this.fuzz = aleaFirst(`${this.seedNow}_${this.seedReps}_${this.seedProduct}`);
    }
    return Math.floor(this.fuzz * (max - min + 1) + min);
  }
}

function stepMinutes(step: string): number {
  const value = parseInt(step.slice(0, -1), 10);
  const unit = step.slice(-1);
  if (!Number.isFinite(value) || value < 0) throw new Error(`Invalid step value: ${step}`);
  if (unit === 'm') return value;
  if (unit === 'h') return value * 60;
  if (unit === 'd') return value * 1440;
  throw new Error(`Invalid step unit: ${step}, expected m/h/d`);
}

/** Alea's mash hash: its state `n` after hashing `data`. */
function mashed(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 4294967296;
  }
  return n;
}

/**
 * The mash hash's state after hashing " " three times, and the first value
 * it gave: how every string-seeded Alea generator starts.
 */
const aleaStart = (() => {
  const first = mashed(4022871197, ' ');
  return { n: mashed(mashed(first, ' '), ' '), s0: (first >>> 0) * 2.3283064365386963e-10 };
})();

/**
 * The first number of ts-fsrs's Alea generator seeded with `seed`: only the
 * first of its three seed hashes reaches the first draw, so one pass over
 * the string instead of three and no generator object.
 */
function aleaFirst(seed: string): number {
  const n = mashed(aleaStart.n, seed);
  let s0 = aleaStart.s0 - (n >>> 0) * 2.3283064365386963e-10;
  if (s0 < 0) s0 += 1;
  const t = 2091639 * s0 + 1 * 2.3283064365386963e-10;
  return t - (t | 0);
}
