import { describe, expect, it } from 'vitest';
import { default_w, fsrs, generatorParameters } from 'ts-fsrs';
import { runForecast, type ForecastCard, type ForecastResult, type NextDueContext } from '../../electron/core/simulation/collection-forecast.js';
import { dueRulesPolicy } from '../../electron/core/simulation/forecast-policies.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { balancedDay, balancesLoad, maxBalancedIntervalDays, weekdayOfStudyDay } from '../../electron/core/scheduling/load-balancer.js';
import { createBalancer, type DeckLoad } from '../../electron/core/scheduling/balanced-due.js';
import type { MemoryState } from '../../electron/core/scheduling/memory-state.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import type { EasyDayLevel } from '../../electron/core/presets/preset-schema.js';
import { dayOfDate } from '../../electron/core/domain/day-clock.js';

const normalWeek: EasyDayLevel[] = ['normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal'];
const firstDay = dayOfDate('2026-03-02');

/** A learner who adds 15 cards a day for 120 days, reviewing whatever is due (the benchmark's learner model). */
function simulate(loadBalancer: boolean, easyDays: EasyDayLevel[] = normalWeek): ForecastResult {
  const cards: ForecastCard[] = Array.from({ length: 1800 }, (_, i) => ({
    id: i + 1, state: 0, stability: 0, difficulty: 0, lastReviewDay: null, dueDay: 0, reps: 0,
  }));
  const rng = new SeededRandom(7);
  return runForecast(cards, {
    days: 180,
    weights: default_w,
    desiredRetention: 0.9,
    maximumIntervalDays: 36500,
    newPerDay: 15,
    reviewsPerDay: 9999,
    learningSteps: 2,
    relearningSteps: 1,
    seconds: { learn: 8, review: 6, lapse: 12 },
    firstAgain: 0.2,
    random: () => rng.next(),
    nextDue: dueRulesPolicy({ firstDay, maximumIntervalDays: 36500, fuzz: true, loadBalancer, easyDays }),
  });
}

/** Day-to-day variation: mean absolute change of the review count from one day to the next, over days 60–180. */
function dayToDayVariation(result: ForecastResult): number {
  const counts = result.days.slice(60).map((d) => d.dueCards);
  let sum = 0;
  for (let i = 1; i < counts.length; i++) sum += Math.abs(counts[i]! - counts[i - 1]!);
  return sum / (counts.length - 1);
}

describe('the load balancer', () => {
  it('lowers the day-to-day variation of review counts at the same retention, the same way on every run', () => {
    const fuzzOnly = simulate(false);
    const balanced = simulate(true);
    const again = simulate(true);
    expect(again.days.map((d) => d.reviews)).toEqual(balanced.days.map((d) => d.reviews));
    expect(dayToDayVariation(balanced)).toBeLessThan(dayToDayVariation(fuzzOnly) * 0.8);
    // Same retention: the balancer only moves reviews within the fuzz range, so the total work barely changes.
    expect(Math.abs(balanced.totalReviews - fuzzOnly.totalReviews)).toBeLessThan(fuzzOnly.totalReviews * 0.03);
  });

  it('picks inside the range it is given, deterministically, and prefers the lighter day', () => {
    const load = (day: number) => (day === 12 ? 0 : 40);
    const picks = Array.from({ length: 200 }, (_, i) =>
      balancedDay({ cardId: i + 1, reps: 3, minDay: 10, maxDay: 14, load, weekday: weekdayOfStudyDay, easyDays: normalWeek }),
    );
    for (const p of picks) expect(p).toBeGreaterThanOrEqual(10);
    for (const p of picks) expect(p).toBeLessThanOrEqual(14);
    expect(picks.filter((p) => p === 12).length).toBeGreaterThan(190);
    const repeat = Array.from({ length: 200 }, (_, i) =>
      balancedDay({ cardId: i + 1, reps: 3, minDay: 10, maxDay: 14, load, weekday: weekdayOfStudyDay, easyDays: normalWeek }),
    );
    expect(repeat).toEqual(picks);
  });
});

describe('Easy Days', () => {
  it('moves review load off the days marked Minimum and partly off the days marked Reduced', () => {
    // Sunday minimum, Saturday reduced.
    const week: EasyDayLevel[] = ['minimum', 'normal', 'normal', 'normal', 'normal', 'normal', 'reduced'];
    const plain = simulate(true);
    const easy = simulate(true, week);
    const byWeekday = (r: ForecastResult) => {
      const sums = new Array<number>(7).fill(0);
      // Reviews of cards already learned (new cards and their steps come every day whatever the weekday).
      for (const d of r.days.slice(60)) sums[weekdayOfStudyDay(firstDay + d.day)]! += d.dueCards;
      return sums;
    };
    const before = byWeekday(plain);
    const after = byWeekday(easy);
    const weekdayMean = (s: number[]) => (s[1]! + s[2]! + s[3]! + s[4]! + s[5]!) / 5;
    expect(after[0]! / weekdayMean(after)).toBeLessThan(0.5 * (before[0]! / weekdayMean(before)));
    // Saturday against the weekdays: level with them in the plain week (within 5 %), clearly under them when Reduced.
    expect(Math.abs(before[6]! / weekdayMean(before) - 1)).toBeLessThan(0.05);
    expect(after[6]! / weekdayMean(after)).toBeLessThan(0.93);
    expect(after[0]!).toBeLessThan(after[6]!);
  });
});

describe('the load balancer in the app', () => {
  it('puts a review on the day its button promised, and two devices replaying the same answers agree', async () => {
    const { openTestCollection, TestClock } = await import('../helpers/test-collection.js');
    const run = () => {
      const clock = new TestClock();
      const { collection } = openTestCollection({ clock });
      collection.updateSettings({ learningSteps: [], newPerDay: 60, easyDays: ['minimum', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal'] });
      const dues: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const card of collection.study().cards) {
          const promised = card.previews.find((p) => p.grade === 3)!.due;
          collection.answer({ cardId: card.id, grade: 3, durationMs: 1000 });
          const due = collection.cardRecord(card.id).due;
          expect(due).toBe(promised);
          dues.push(due);
        }
        clock.advanceDays(4);
      }
      collection.close();
      return dues;
    };
    const first = run();
    expect(first.length).toBeGreaterThan(60);
    expect(run()).toEqual(first);
  });
});

describe('the load balancer in the scheduler', () => {
  const today = dayOfDate('2026-03-02');
  const now = today * 86_400_000 + 12 * 3_600_000;
  const settings = { ...defaultSettings, rolloverHour: 0 };
  const memory = (stability: number): MemoryState => ({
    state: 2, due: now, stability, difficulty: 5, scheduledDays: 10, learningSteps: 0, reps: 6, lapses: 0, lastReview: now,
  });
  /** A load reader that records the days it is asked for: every day is heavy but the one in `light`. */
  const recordingLoad = (light: (from: number, to: number) => number) => {
    const asked: [number, number][] = [];
    const load: DeckLoad = (_deckId, from, to) => {
      asked.push([from, to]);
      const days = new Map<number, number>();
      for (let d = from; d <= to; d++) days.set(d, d === light(from, to) ? 0 : 500);
      return days;
    };
    return { load, asked };
  };
  const intervalOf = (stability: number) =>
    fsrs(generatorParameters({ request_retention: settings.desiredRetention, maximum_interval: settings.maximumIntervalDays, enable_fuzz: false })).next_interval(stability, 0);

  it('places a review by load up to 90 days out, and past that leaves the fuzzed day alone without reading a day of load', () => {
    const near = recordingLoad((from) => from + 1);
    const cap = createBalancer(settings, near.load)!;
    const short = memory(20);
    expect(balancesLoad(intervalOf(20))).toBe(true);
    const placed = cap(now + 999, now, { id: 7, deckId: 'a' }, short);
    expect(near.asked).toHaveLength(1);
    const [from, to] = near.asked[0]!;
    expect(to).toBeLessThanOrEqual(today + maxBalancedIntervalDays + 10);
    expect(placed).toBe(now + (from + 1 - today) * 86_400_000);

    const far = recordingLoad((from) => from);
    const longCap = createBalancer(settings, far.load)!;
    expect(intervalOf(400)).toBeGreaterThan(maxBalancedIntervalDays);
    expect(longCap(now + 12_345, now, { id: 7, deckId: 'a' }, memory(400))).toBe(now + 12_345);
    expect(far.asked).toEqual([]);
  });

  it('still applies Easy Days past 90 days, reading no load', () => {
    const sundayMinimum: EasyDayLevel[] = ['minimum', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal'];
    const { load, asked } = recordingLoad((from) => from);
    const cap = createBalancer({ ...settings, easyDays: sundayMinimum }, load)!;
    const days = Array.from({ length: 100 }, (_, i) => today + Math.round((cap(now, now, { id: i + 1, deckId: 'a' }, memory(400)) - now) / 86_400_000));
    expect(asked).toEqual([]);
    expect(days.filter((d) => weekdayOfStudyDay(d) === 0).length).toBeLessThan(5);
    expect(new Set(days).size).toBeGreaterThan(5);
  });

  it('in the forecast, places by load the same way: a long interval is never moved by load', () => {
    const policy = dueRulesPolicy({ firstDay, maximumIntervalDays: 36500, fuzz: true, loadBalancer: true, easyDays: normalWeek });
    let asked = 0;
    const context = (cardId: number, intervalDays: number): NextDueContext => ({
      cardId, today: 0, intervalDays, stability: intervalDays, reps: 3, recallAfter: () => 0.9,
      load: () => { asked++; return 500; },
    });
    for (let id = 1; id <= 50; id++) policy(context(id, 400));
    expect(asked).toBe(0);
    policy(context(1, 30));
    expect(asked).toBeGreaterThan(0);
  });
});
