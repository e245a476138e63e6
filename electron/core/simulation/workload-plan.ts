import type { SeededRandom } from './seeded-random.js';

export interface WorkloadTarget {
  cards: number;
  reviews: number;
  days: number;
}

export interface WorkloadPlan {
  /** New cards introduced on each day offset. */
  introductions: number[];
  /** Cram answers on each day offset. */
  cram: number[];
  introducedCards: number;
  /** Answers the plan should produce, by the life curve. */
  expectedReviews: number;
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
 * of cards), so a card introduced with k days left contributes lifeCurve[k].
 *
 * - Enough cards: introduce n of them at an even rate over all the days,
 *   with n chosen to hit the target (the rest stay new).
 * - Too few cards for that: introduce all of them over the first L days,
 *   L chosen so that their longer lives make up the target.
 * - Still short with everything learned on day one: cramming fills the gap.
 */
export function planWorkload(target: WorkloadTarget, lifeCurve: readonly number[], rng: SeededRandom): WorkloadPlan {
  const { days } = target;
  const life = (daysLeft: number) => lifeCurve[Math.min(daysLeft, lifeCurve.length - 1)] ?? 0;
  let cramTotal = days >= 14 ? Math.round(target.reviews * cramShare) : 0;
  const regular = Math.max(0, target.reviews - cramTotal);

  let meanLife = 0;
  for (let d = 0; d < days; d++) meanLife += life(days - d);
  meanLife /= days;
  const wanted = meanLife > 0 ? regular / meanLife : 0;

  let introductions: number[];
  let expected: number;
  if (wanted <= target.cards) {
    introductions = spread(Math.round(wanted), days, days);
    expected = Math.round(wanted) * meanLife;
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
    expected = (target.cards * windowSum) / window;
    if (expected < regular) cramTotal += Math.round(regular - expected);
  }
  const cram = cramDays(cramTotal, days, rng);
  return {
    introductions,
    cram,
    introducedCards: introductions.reduce((a, b) => a + b, 0),
    expectedReviews: Math.round(expected + cramTotal),
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
function cramDays(total: number, days: number, rng: SeededRandom): number[] {
  const out = new Array<number>(days).fill(0);
  if (total <= 0 || days < 2) return out;
  const sessions: number[] = [];
  for (let d = 10 + rng.int(10); d < days - 3; d += 10 + rng.int(10)) sessions.push(d);
  for (let d = Math.max(1, days - 3); d < days; d++) sessions.push(d);
  const each = Math.floor(total / sessions.length);
  sessions.forEach((d, i) => {
    out[d] = each + (i < total - each * sessions.length ? 1 : 0);
  });
  return out;
}
