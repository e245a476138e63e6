import { describe, expect, it } from 'vitest';
import { parametersReport } from '../../electron/core/stats/fsrs-parameters-report.js';
import { dateOfDay, studyDay } from '../../electron/core/domain/day-clock.js';
import { openTestCollection, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

/** A learner who studies every day for 20 days, 10 new cards a day. */
function twentyDays() {
  const clock = new TestClock(new Date(2026, 1, 1, 10).getTime());
  const { collection } = openTestCollection({ clock });
  collection.updateSettings({ learningSteps: [], newPerDay: 10 });
  const perDay: number[] = [];
  for (let d = 0; d < 20; d++) {
    const cards = collection.study().cards;
    cards.forEach((card, i) => collection.answer({ cardId: card.id, grade: i % 5 === 0 ? 1 : 3, durationMs: 4000 }));
    perDay.push(cards.length);
    clock.advanceDays(1);
  }
  return { collection, clock, perDay };
}

describe('stats over any date range', () => {
  it('covers exactly the days asked for, and clamps the end to today', () => {
    const { collection, clock, perDay } = twentyDays();
    const firstDay = studyDay(new Date(2026, 1, 1, 10).getTime(), 4);
    const from = dateOfDay(firstDay + 5);
    const to = dateOfDay(firstDay + 9);
    const report = collection.stats({}, '1m', { from, to });
    expect(report.range).toEqual({ from, to });
    expect(report.reviewsPerDay.map((d) => d.day)).toEqual([0, 1, 2, 3, 4].map((i) => dateOfDay(firstDay + 5 + i)));
    const counted = report.reviewsPerDay.reduce((a, d) => a + d.learning + d.review + d.relearning, 0);
    expect(counted).toBe(perDay.slice(5, 10).reduce((a, b) => a + b, 0));
    expect(report.trueRetention.day.map((d) => d.period)).toEqual(report.reviewsPerDay.map((d) => d.day));
    expect(report.summary.reviewsInPeriod).toBe(counted);

    const open = collection.stats({}, '1m', { from, to: '2099-12-31' });
    expect(open.range.to).toBe(dateOfDay(studyDay(clock.now(), 4)));
    expect(() => collection.stats({}, '1m', { from: to, to: from })).toThrow(/starts .* after it ends/);
    collection.close();
  });
});

describe('the fitted-parameters report', () => {
  it("gives the parameters in use with their log loss and RMSE(bins) on the collection's own reviews", async () => {
    const { collection } = twentyDays();
    const report = await parametersReport(databaseOf(collection), collection.settings.fsrsWeights);
    expect(report.parameters).toHaveLength(21);
    expect(report.fitted).toBe(false);
    expect(report.reviewsEvaluated).toBeGreaterThan(50);
    expect(report.evaluation!.logLoss).toBeGreaterThan(0);
    expect(report.evaluation!.rmseBins).toBeGreaterThan(0);
    expect(report.evaluation!.rmseBins).toBeLessThan(1);
    collection.close();
  });

  it('has no figures before any review', async () => {
    const { collection } = openTestCollection();
    const report = await parametersReport(databaseOf(collection), null);
    expect(report.evaluation).toBeNull();
    expect(report.reviewsEvaluated).toBe(0);
    collection.close();
  });
});
