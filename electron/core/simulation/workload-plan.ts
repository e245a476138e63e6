import type { SeededRandom } from '../domain/seeded-random.js';

export interface WorkloadTarget {
  cards: number;
  reviews: number;
  days: number;
}

export interface WorkloadPlan {
  /** New cards introduced on each day offset. */
  introductions: number[];
  /** Days with a cram session. */
  cramDays: boolean[];
  /** Expected answers (cram aside) on each day offset, by the plan. */
  expectedDaily: number[];
  /** Cram answers planned in all. */
  cramTotal: number;
  introducedCards: number;
}

/** Answers given so far in the simulation. */
export interface WorkloadDone {
  regular: number;
  cram: number;
}

/** Share of the answers given in cram sessions: "occasional". */
const cramShare = 0.03;
const skipChance = 0.05;

/** Days the learner does not study; never the last one, so that "today" has reviews. */
export function skippedDays(days: number, rng: SeededRandom): boolean[] {
  return Array.from({ length: days }, (_, d) => d < days - 1 && rng.chance(skipChance));
}

/**
 * How many new cards to introduce each day so that the whole history has
 * about the target number of answers. `lifeCurve[k]` is the mean number of
 * answers a card gets in its first k days (measured by simulating a sample
 * of cards), so a card introduced with k days left contributes lifeCurve[k];
 * `dailyCurve[j]` is the mean number it gets on its j-th day.
 *
 * - Enough cards: introduce n of them at an even rate over all the days,
 *   with n chosen to hit the target (the rest stay new).
 * - Too few cards for that: introduce all of them over the first L days,
 *   L chosen so that their longer lives make up the target.
 * - Still short with everything learned on day one: cramming fills the gap.
 */
export function planWorkload(target: WorkloadTarget, dailyCurve: readonly number[], rng: SeededRandom): WorkloadPlan {
  const { days } = target;
  const lifeCurve = [0];
  for (let k = 0; k < days; k++) lifeCurve.push((lifeCurve[k] as number) + (dailyCurve[k] ?? 0));
  const life = (daysLeft: number) => lifeCurve[Math.min(daysLeft, lifeCurve.length - 1)] ?? 0;
  let cramTotal = days >= 14 ? Math.round(target.reviews * cramShare) : 0;
  const regular = Math.max(0, target.reviews - cramTotal);

  let meanLife = 0;
  for (let d = 0; d < days; d++) meanLife += life(days - d);
  meanLife /= days;
  const wanted = meanLife > 0 ? regular / meanLife : 0;

  let introductions: number[];
  if (wanted <= target.cards) {
    introductions = spread(Math.round(wanted), days, days);
  } else {
    // Longest window whose cards still reach the target (the shorter the window, the more each card is reviewed).
    let window = 1;
    let sum = 0;
    for (let l = 1; l <= days; l++) {
      sum += life(days - (l - 1));
      if ((target.cards * sum) / l >= regular) window = l;
      else break;
    }
    let windowSum = 0;
    for (let d = 0; d < window; d++) windowSum += life(days - d);
    introductions = spread(target.cards, window, days);
    const expected = (target.cards * windowSum) / window;
    if (expected < regular) cramTotal += Math.round(regular - expected);
  }
  const expectedDaily = new Array<number>(days).fill(0);
  introductions.forEach((n, s) => {
    if (n > 0) for (let t = s; t < days; t++) expectedDaily[t]! += n * (dailyCurve[t - s] ?? 0);
  });
  return {
    introductions,
    cramDays: cramDays(cramTotal > 0, days, rng),
    expectedDaily,
    cramTotal,
    introducedCards: introductions.reduce((a, b) => a + b, 0),
  };
}

/**
 * Sizes each cram session so that the history ends near the target: the
 * cram budget is what the target leaves after the answers given so far and
 * the regular answers still expected (the plan's expectation, corrected by
 * how far the run has drifted from it), shared among the sessions left.
 * This absorbs the sampling error of the life curve.
 */
export function cramSizer(plan: WorkloadPlan, targetReviews: number): (dayOffset: number, done: WorkloadDone) => number {
  const days = plan.cramDays.length;
  const expectedBefore = [0];
  for (let d = 0; d < days; d++) expectedBefore.push((expectedBefore[d] as number) + (plan.expectedDaily[d] as number));
  const sessionsFrom = new Array<number>(days + 1).fill(0);
  for (let d = days - 1; d >= 0; d--) sessionsFrom[d] = (sessionsFrom[d + 1] as number) + (plan.cramDays[d] ? 1 : 0);
  const totalExpected = expectedBefore[days] as number;
  return (d, done) => {
    if (!plan.cramDays[d]) return 0;
    const expectedSoFar = expectedBefore[d + 1] as number;
    const drift = expectedSoFar > 0 ? Math.min(2, Math.max(0.5, done.regular / expectedSoFar)) : 1;
    const stillExpected = (totalExpected - expectedSoFar) * drift;
    const need = targetReviews - done.regular - done.cram - stillExpected;
    return Math.max(0, Math.round(need / (sessionsFrom[d] as number)));
  };
}

/** `count` items over the first `window` of `days` days, as evenly as whole numbers allow. */
function spread(count: number, window: number, days: number): number[] {
  const out = new Array<number>(days).fill(0);
  const rate = count / window;
  for (let d = 0; d < window; d++) out[d] = Math.floor(rate * (d + 1)) - Math.floor(rate * d);
  return out;
}

/** A cram session every two weeks or so, and one on each of the last three days (the exam is near). */
function cramDays(any: boolean, days: number, rng: SeededRandom): boolean[] {
  const out = new Array<boolean>(days).fill(false);
  if (!any || days < 2) return out;
  for (let d = 10 + rng.int(10); d < days - 3; d += 10 + rng.int(10)) out[d] = true;
  for (let d = Math.max(1, days - 3); d < days; d++) out[d] = true;
  return out;
}
