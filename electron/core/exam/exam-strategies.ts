import type { NextDuePolicy } from '../simulation/collection-forecast.js';
import { examDueDay } from './exam-schedule.js';

/**
 * The three ways to prepare for an exam that the exam benchmark compares:
 * Demarc's exam mode at the learner's own desired retention, and the two
 * workarounds Anki users are given, desired retention raised to 0.95 and a
 * maximum interval of the days left (so no review lands past the exam day).
 */
export type ExamStrategy = 'demarc' | 'retention95' | 'maxinterval';

export const examStrategies: readonly ExamStrategy[] = ['demarc', 'retention95', 'maxinterval'];

export interface ExamStrategySetup {
  desiredRetention: number;
  nextDue: NextDuePolicy;
}

/** The forecast settings a strategy runs with, for an exam on day offset `examDay`. */
export function examStrategySetup(strategy: ExamStrategy, examDay: number, desiredRetention: number): ExamStrategySetup {
  switch (strategy) {
    case 'demarc':
      return {
        desiredRetention,
        nextDue: (c) => examDueDay({ cardId: c.cardId, today: c.today, examDay, dueDay: c.today + c.intervalDays, recallAfter: c.recallAfter }),
      };
    case 'retention95':
      return { desiredRetention: Math.max(desiredRetention, 0.95), nextDue: (c) => c.today + c.intervalDays };
    case 'maxinterval':
      return { desiredRetention, nextDue: (c) => c.today + Math.min(c.intervalDays, Math.max(1, examDay - c.today)) };
  }
}
