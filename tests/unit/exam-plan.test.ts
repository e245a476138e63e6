import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { ExamPlan } from '../../electron/core/exam/exam-plan.js';
import { examStrategies } from '../../electron/core/exam/exam-strategies.js';
import { examHorizons, learnerProfiles, runExamScenario } from '../../bench/metrics/exam-bench.js';
import { openTestCollection } from '../helpers/test-collection.js';

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
