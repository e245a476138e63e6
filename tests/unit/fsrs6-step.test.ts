import { describe, expect, it } from 'vitest';
import { default_w, fsrs, generatorParameters, type Grade, type Steps } from 'ts-fsrs';
import { Fsrs6Step } from '../../electron/core/simulation/fsrs6-step.js';
import { fromFsrsCard, newMemoryState, toFsrsCard } from '../../electron/core/scheduling/fsrs-scheduler.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import type { GradeValue } from '../../electron/core/domain/types.js';
import type { MemoryState } from '../../electron/core/scheduling/memory-state.js';

const stepChoices: Steps[] = [[], ['1m'], ['1m', '10m'], ['5m', '30m', '2h'], ['10m', '1d'], ['2d'], ['0m', '10m']];
const minuteMs = 60_000;
const dayMs = 86_400_000;

/** Weights moved at random around the defaults (ts-fsrs clips them into range; both sides read the clipped ones). */
function randomWeights(rng: SeededRandom): number[] {
  return default_w.map((w, i) => (i === 20 ? rng.between(0.1, 0.8) : w * rng.between(0.5, 1.6)));
}

/** A gap before the next answer: minutes (learning steps), hours, or days to months. */
function randomGap(rng: SeededRandom, card: MemoryState): number {
  const x = rng.next();
  if (x < 0.25) return rng.int(30) * minuteMs;
  if (x < 0.4) return rng.int(48) * 3_600_000 + rng.int(3_600_000);
  if (x < 0.55) return Math.max(0, card.due - (card.lastReview ?? card.due) + rng.int(3 * dayMs) - dayMs);
  return rng.int(400) * dayMs + rng.int(dayMs);
}

describe('the simulation’s FSRS-6 step against ts-fsrs', () => {
  it('gives the same card, to the bit, over many random answers and settings', () => {
    const runs = Number(process.env.DEMARC_FUZZ_RUNS ?? 40);
    let compared = 0;
    const fuzzedIntervals = new Set<number>();
    for (let run = 0; run < runs; run++) {
      const rng = SeededRandom.stream(run, 'fsrs6-parity');
      const parameters = generatorParameters({
        request_retention: rng.between(0.7, 0.99),
        maximum_interval: rng.chance(0.3) ? 1 + rng.int(400) : 36500,
        enable_fuzz: rng.chance(0.7),
        enable_short_term: true,
        learning_steps: rng.pick(stepChoices),
        relearning_steps: rng.pick(stepChoices),
        ...(rng.chance(0.5) ? { w: randomWeights(rng) } : {}),
      });
      const engine = fsrs(parameters);
      const step = new Fsrs6Step(engine.parameters);
      for (let c = 0; c < 10; c++) {
        let now = Date.UTC(2024, 0, 1) + rng.int(365 * dayMs);
        let ours = newMemoryState(now);
        let theirs = toFsrsCard(ours);
        for (let k = 0; k < 30; k++) {
          const grade = (1 + rng.weighted([0.15, 0.1, 0.6, 0.15])) as GradeValue;
          const expected = engine.next(theirs, new Date(now), grade as Grade);
          const got = step.next(ours, now, grade);
          expect(got.card).toEqual(fromFsrsCard(expected.card));
          expect(got.loggedScheduledDays).toBe(expected.log.scheduled_days);
          if (got.card.scheduledDays > 2) fuzzedIntervals.add(got.card.scheduledDays);
          compared++;
          ours = got.card;
          theirs = expected.card;
          now += randomGap(rng, ours);
        }
      }
    }
    expect(compared).toBe(runs * 300);
    // The walk reaches long intervals, where the fuzz decides the day.
    expect(fuzzedIntervals.size).toBeGreaterThan(50);
  });

  it('gives the learner’s memory and forgetting curve as ts-fsrs does', () => {
    const rng = SeededRandom.stream(7, 'fsrs6-memory');
    for (let run = 0; run < 20; run++) {
      const weights = run === 0 ? [...default_w] : randomWeights(rng);
      const model = fsrs(generatorParameters({ w: weights, enable_short_term: true }));
      const step = new Fsrs6Step(model.parameters);
      let memory = null as { difficulty: number; stability: number } | null;
      for (let k = 0; k < 50; k++) {
        const t = rng.chance(0.3) ? 0 : rng.int(500);
        const grade = (1 + rng.int(4)) as GradeValue;
        const expected = model.next_state(memory, t, grade);
        expect(step.nextState(memory, t, grade)).toEqual(expected);
        memory = expected;
        const elapsed = rng.between(0, 1000);
        expect(step.forgettingCurve(elapsed, memory.stability)).toBe(model.forgetting_curve(elapsed, memory.stability));
      }
    }
  });
});
