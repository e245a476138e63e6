import { z } from 'zod';
import type { PracticeOverview, PracticeResult, PracticeStart } from '../core/practice/practice-types.js';
import { method } from './contract-kit.js';

/** The practice exam: its part of the API contract (merged into apiContract). */
const examId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const none = z.object({}).strict();

const startArgs = z.union([
  z.object({ size: z.number().int().min(1, 'choose at least 1 question').max(200, 'choose at most 200 questions') }).strict(),
  z.object({ retakeOf: examId }).strict(),
]);

const answer = z
  .object({
    position: z.number().int().min(0).max(199),
    chosen: z.array(z.number().int().min(0).max(99)).max(100),
    marked: z.boolean(),
  })
  .strict();

export const practiceContract = {
  'practice.overview': method<typeof none, PracticeOverview>(none),
  /** A new exam of `size` random items, or the misses of an earlier exam. */
  'practice.start': method<typeof startArgs, PracticeStart>(startArgs),
  /** Grades the exam and records its answers on the schedule; an item left out is unanswered (wrong). */
  'practice.finish': method<z.ZodType<{ examId: number; answers: z.infer<typeof answer>[] }>, PracticeResult>(
    z.object({ examId, answers: z.array(answer).max(200) }).strict(),
  ),
  'practice.result': method<z.ZodType<{ examId: number }>, PracticeResult>(z.object({ examId }).strict()),
};
