import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { ExamPlan } from '../../electron/core/exam/exam-plan.js';
import { examStrategies } from '../../electron/core/exam/exam-strategies.js';
import { examHorizons, learnerProfiles, runExamScenario } from '../../bench/metrics/exam-bench.js';
import { openTestCollection } from '../helpers/test-collection.js';
import type { Collection } from '../../electron/core/collection.js';

async function planOf(collection: Collection): Promise<ExamPlan> {
  const reply = await createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' })).dispatch('exam.plan', {});
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as ExamPlan;
}

describe('the exam plan', () => {
  it('plans each day until the exam from the collection as it is, and shows what other new-card rates would do', async () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: [], newPerDay: 30, examDate: '2026-03-25' });
    for (const card of collection.study().cards) collection.answer({ cardId: card.id, grade: 3, durationMs: 5000 });
    clock.advanceDays(1);
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
    const reply = await dispatcher.dispatch('exam.plan', {});
    if (!reply.ok) throw new Error(reply.error.message);
    const plan = reply.value as ExamPlan;
    expect(plan.daysLeft).toBe(20);
    expect(plan.days).toHaveLength(20);
    expect(plan.days[0]!.date).toBe('2026-03-05');
    expect(plan.days.reduce((a, d) => a + d.newCards, 0)).toBeLessThanOrEqual(30 * 20);
    expect(plan.predictedRecall).toBeGreaterThan(0);
    expect(plan.predictedRecall).toBeLessThanOrEqual(1);
    const rates = plan.options.map((o) => o.newPerDay);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(rates).toContain(0);
    expect(rates).toContain(30);
    const none = plan.options.find((o) => o.newPerDay === 0)!;
    const most = plan.options.at(-1)!;
    // Meeting more cards costs reviews and leaves fewer unseen, which is what raises exam-day recall.
    expect(most.totalReviews).toBeGreaterThan(none.totalReviews);
    expect(most.unseenAtExam).toBeLessThan(none.unseenAtExam);
    expect(most.predictedRecall).toBeGreaterThan(none.predictedRecall);
    // The same collection gives the same plan.
    const again = await dispatcher.dispatch('exam.plan', {});
    expect(again).toEqual(reply);
    collection.close();
  });

  it('keeps to the daily review limit, says which days reviews wait, and marks the final days', async () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: [], newPerDay: 200, reviewsPerDay: 25, examDate: '2026-03-20' });
    for (const card of collection.study().cards) collection.answer({ cardId: card.id, grade: 3, durationMs: 5000 });
    clock.advanceDays(1);
    collection.updateSettings({ newPerDay: 20 });
    const plan = await planOf(collection);
    expect(plan.reviewsPerDay).toBe(25);
    // Two hundred cards learned on one day come due together: without the limit the busiest day would be far above 25.
    expect(Math.max(...plan.days.map((d) => d.reviews))).toBeLessThanOrEqual(25);
    expect(plan.days.some((d) => d.carried > 0)).toBe(true);
    for (const option of plan.options) expect(option.peakReviews).toBeLessThanOrEqual(25);
    expect(plan.options.find((o) => o.newPerDay === 20)!.daysOverLimit).toBe(plan.days.filter((d) => d.carried > 0).length);
    expect(plan.finalDays).toBe(3);
    expect(plan.days.filter((d) => d.finalDays).map((d) => d.date)).toEqual(['2026-03-17', '2026-03-18', '2026-03-19']);
    collection.close();
  });

  it('plans today exactly as the Today screen counts it', async () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ examDate: '2026-03-25', newPerDay: 20 });
    // Yesterday's cards come due today; and 16 of today's 20 new cards are already studied.
    for (const card of collection.study().cards.slice(0, 20)) collection.answer({ cardId: card.id, grade: 4, durationMs: 5000 });
    clock.advanceDays(5);
    const fresh = collection.study().cards.filter((c) => c.state === 0).slice(0, 16);
    for (const card of fresh) collection.answer({ cardId: card.id, grade: 3, durationMs: 5000 });
    const today = collection.today().totals;
    expect(today.new).toBe(4);
    const plan = await planOf(collection);
    expect(plan.days[0]).toMatchObject({ reviews: today.due + today.learning + today.learningLater, newCards: 4, carried: 0 });
    expect(plan.days[1]!.newCards).toBe(20);
    collection.close();
  });

  it('is null without an exam date', async () => {
    const { collection } = openTestCollection();
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
    expect(await dispatcher.dispatch('exam.plan', {})).toEqual({ ok: true, value: null });
    collection.close();
  });
});

describe('exam mode against the workarounds (the exam benchmark)', () => {
  it.each(learnerProfiles.flatMap((p) => examHorizons.map((h) => [p.name, h] as const)))(
    '%s learner, %i days: higher exam-day recall than both workarounds, with fewer reviews',
    (name, horizon) => {
      const profile = learnerProfiles.find((p) => p.name === name)!;
      const runs = Object.fromEntries(examStrategies.map((s) => [s, runExamScenario(profile, horizon, s)]));
      for (const other of ['retention95', 'maxinterval']) {
        expect(runs.demarc!.recall).toBeGreaterThan(runs[other]!.recall);
        expect(runs.demarc!.reviews).toBeLessThan(runs[other]!.reviews);
      }
    },
  );

  it('gives the same figures on every run', () => {
    expect(runExamScenario(learnerProfiles[0]!, 30, 'demarc')).toEqual(runExamScenario(learnerProfiles[0]!, 30, 'demarc'));
  });
});
