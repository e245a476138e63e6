import { describe, expect, it } from 'vitest';
import { default_w } from 'ts-fsrs';
import { runForecast, type ForecastCard } from '../../electron/core/simulation/collection-forecast.js';
import { runSimulator, sameDaySteps } from '../../electron/core/simulation/simulator-run.js';
import { SimulatorJob } from '../../electron/core/jobs/simulator-job.js';
import { openTestCollection } from '../helpers/test-collection.js';

const w = default_w;
const decay = w[20]!;
const factor = Math.pow(0.9, -1 / decay) - 1;
/** FSRS-6's forgetting curve, written out. */
const recall = (t: number, s: number) => Math.pow(1 + (factor * t) / s, -decay);

describe('the simulator', () => {
  it('matches a small case computed by hand', () => {
    // One review card (stability 10 days, difficulty 5, last seen 10 days ago: recall 0.9 today) and one new card.
    const cards: ForecastCard[] = [
      { id: 1, state: 2, stability: 10, difficulty: 5, lastReviewDay: -10, dueDay: 0, reps: 4 },
      { id: 2, state: 0, stability: 0, difficulty: 0, lastReviewDay: null, dueDay: 0, reps: 0 },
    ];
    // Every draw is 0.5: recalled whenever recall > 0.5, never Again on first sight (0.2), and every pass is Good.
    const result = runForecast(cards, {
      days: 2,
      weights: w,
      desiredRetention: 0.9,
      maximumIntervalDays: 36500,
      newPerDay: 5,
      reviewsPerDay: 100,
      learningSteps: 2,
      relearningSteps: 1,
      seconds: { learn: 8, review: 6, lapse: 12 },
      firstAgain: 0.2,
      random: () => 0.5,
    });

    // Card 1, Good at recall 0.9 with difficulty 5: S' = S · (1 + e^w8 · (11 − D) · S^−w9 · (e^(w10·(1 − R)) − 1)).
    const s1 = 10 * (1 + Math.exp(w[8]!) * (11 - 5) * Math.pow(10, -w[9]!) * (Math.exp(w[10]! * (1 - 0.9)) - 1));
    expect(s1).toBeGreaterThan(20); // so its next review (after round(S') days at 90%) is outside the two days
    // Card 2: Good on first sight gives S0 = w2; the second learning step (Good, same day) multiplies it by
    // max(1, S^−w19 · e^(w17 · w18)), which is below 1 here, so S stays w2; its interval round(2.3) = 2 days.
    expect(Math.pow(w[2]!, -w[19]!) * Math.exp(w[17]! * w[18]!)).toBeLessThan(1);
    const s2 = w[2]!;

    expect(result.days.map((d) => d.reviews)).toEqual([3, 0]); // one review + two learning steps, then nothing due
    expect(result.days.map((d) => d.newCards)).toEqual([1, 0]);
    expect(result.days[0]!.seconds).toBe(6 + 2 * 8);
    expect(result.days[1]!.seconds).toBe(0);
    expect(result.days[0]!.memorised).toBeCloseTo(recall(1, s1) + recall(1, s2), 6);
    expect(result.days[1]!.memorised).toBeCloseTo(recall(2, s1) + recall(2, s2), 6);
  });

  it('counts only steps under a day as same-day answers', () => {
    expect(sameDaySteps(['1m', '10m'])).toBe(2);
    expect(sameDaySteps(['10m', '1d'])).toBe(1);
    expect(sameDaySteps([])).toBe(0);
  });

  it('shows more work and a warning for a very high retention, over the same days and draws', () => {
    const cards: ForecastCard[] = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1, state: 2, stability: 3 + (i % 40), difficulty: 5, lastReviewDay: -(i % 7), dueDay: (i % 9) - 2, reps: 3,
    }));
    const run = (retentions: [number, number]) =>
      runSimulator({
        request: { days: 60, retentions, newPerDay: 5, reviewsPerDay: 9999, deckIds: [] },
        snapshot: { cards, seconds: { learn: 8, review: 6, lapse: 12 } },
        today: 20_000,
        weights: [...w],
        maximumIntervalDays: 36500,
        learningSteps: ['1m', '10m'],
        relearningSteps: ['10m'],
        fuzz: true,
        loadBalancer: true,
        easyDays: ['normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal'],
        seed: 19,
      });
    const result = run([0.7, 0.99]);
    const [low, high] = result.outcomes as [NonNullable<(typeof result.outcomes)[0]>, NonNullable<(typeof result.outcomes)[0]>];
    expect(high.totalReviews).toBeGreaterThan(low.totalReviews * 2.5);
    expect(high.memorisedAtEnd).toBeGreaterThan(low.memorisedAtEnd);
    expect(result.warning).toMatch(/99%/);
    expect(run([0.85, 0.9]).warning).toBeNull();
    expect(run([0.7, 0.99])).toEqual(result);
  });

  it('draws the workload curve over the same days and draws: the asked retentions among its points, work rising towards 99%', () => {
    const cards: ForecastCard[] = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1, state: 2, stability: 2 + (i % 30), difficulty: 5, lastReviewDay: -(i % 5), dueDay: (i % 7) - 2, reps: 3,
    }));
    const result = runSimulator({
      request: { days: 90, retentions: [0.9, 0.83], newPerDay: 5, reviewsPerDay: 9999, deckIds: [] },
      snapshot: { cards, seconds: { learn: 8, review: 6, lapse: 12 } },
      today: 20_000,
      weights: [...w],
      maximumIntervalDays: 36500,
      learningSteps: ['1m', '10m'],
      relearningSteps: ['10m'],
      fuzz: false,
      loadBalancer: false,
      easyDays: ['normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal'],
      seed: 19,
    });
    const retentions = result.curve.map((p) => p.retention);
    expect(retentions).toEqual([...retentions].sort((a, b) => a - b));
    expect(retentions).toContain(0.83);
    expect(retentions.filter((r) => r === 0.9)).toHaveLength(1);
    expect(retentions[0]).toBe(0.7);
    expect(retentions.at(-1)).toBe(0.99);
    // The curve's points at the asked retentions are the table's numbers.
    for (const o of result.outcomes) {
      expect(result.curve.find((p) => p.retention === o.retention)).toEqual({ retention: o.retention, reviewsPerDay: o.reviewsPerDay, minutesPerDay: o.minutesPerDay, memorisedAtEnd: o.memorisedAtEnd });
    }
    const at = (r: number) => result.curve.find((p) => p.retention === r)!;
    expect(at(0.99).reviewsPerDay).toBeGreaterThan(at(0.9).reviewsPerDay * 2);
    expect(at(0.9).reviewsPerDay).toBeGreaterThan(at(0.7).reviewsPerDay);
    expect(at(0.99).memorisedAtEnd).toBeGreaterThan(at(0.7).memorisedAtEnd);
  });

  it('runs on a worker thread with progress and returns the collection’s own forecast', async () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: [] });
    for (const card of collection.study().cards) collection.answer({ cardId: card.id, grade: 3, durationMs: 4000 });
    clock.advanceDays(1);
    const job = new SimulatorJob(collection);
    const started = job.start({ days: 365, retentions: [0.8, 0.95], newPerDay: 10, reviewsPerDay: 200, deckIds: [] });
    expect(started.state).toBe('running');
    const done = await job.whenSettled();
    expect(done.state).toBe('done');
    expect(done.progress).toBe(1);
    const outcomes = done.result!.outcomes;
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]!.days).toHaveLength(365);
    expect(outcomes[1]!.totalReviews).toBeGreaterThan(outcomes[0]!.totalReviews);
    expect(done.result!.curve.map((p) => p.retention)).toEqual([0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99]);
    collection.close();
  });
});
