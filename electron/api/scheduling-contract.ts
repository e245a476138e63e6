import { z } from 'zod';
import { id, isoDate, method, none } from './contract-kit.js';
import { presetConfigSchema, presetNameSchema, type Preset } from '../core/presets/preset-schema.js';
import type { DeckSummary, ExamScope } from '../core/domain/types.js';
import type { ExamPlan } from '../core/exam/exam-plan.js';
import type { SimulatorStatus } from '../core/simulation/simulator-types.js';
import type { ParametersReport } from '../core/stats/fsrs-parameters-report.js';

/** Presets, the simulator, the exam plan and the parameters report: their part of the API contract (merged into apiContract). */
const presetId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const retention = z.number().min(0.7).max(0.99);

export const schedulingContract = {
  'presets.list': method<typeof none, Preset[]>(none),
  /** A new preset, a copy of `copyOf` (Default when null). */
  'presets.create': method<z.ZodType<{ name: string; copyOf: number | null }>, Preset[]>(
    z.object({ name: presetNameSchema, copyOf: presetId.nullable() }).strict(),
  ),
  /** `reschedule`: schedule the studied cards of its decks again under the new options (default: their due dates stay). */
  'presets.update': method<z.ZodType<{ id: number; name: string; config: z.infer<typeof presetConfigSchema>; reschedule?: boolean | undefined }>, Preset[]>(
    z.object({ id: presetId, name: presetNameSchema, config: presetConfigSchema, reschedule: z.boolean().optional() }).strict(),
  ),
  'presets.delete': method<z.ZodType<{ id: number }>, Preset[]>(z.object({ id: presetId }).strict()),
  'decks.setPreset': method<z.ZodType<{ deckId: string; presetId: number | null; reschedule?: boolean | undefined }>, DeckSummary[]>(
    z.object({ deckId: id, presetId: presetId.nullable(), reschedule: z.boolean().optional() }).strict(),
  ),
  'simulator.start': method<
    z.ZodType<{ days: number; retentions: [number, number]; newPerDay: number; reviewsPerDay: number; deckIds: string[] }>,
    SimulatorStatus
  >(
    z
      .object({
        days: z.number().int().min(1).max(3650),
        retentions: z.tuple([retention, retention]),
        newPerDay: z.number().int().min(0).max(9999),
        reviewsPerDay: z.number().int().min(0).max(99999),
        deckIds: z.array(id).max(1000),
      })
      .strict(),
  ),
  'simulator.status': method<typeof none, SimulatorStatus>(none),
  /** The plan until an exam (the collection's, or a deck's own when deckIds name one deck with its own date). */
  /** The FSRS parameters in use with their log loss and RMSE(bins) on the collection's history (Stats). */
  'stats.parameters': method<typeof none, ParametersReport>(none),
  /** The decks on the exam (the learner's choice, else the built-in decks), every deck marked on it or not. */
  'exam.scope': method<typeof none, ExamScope>(none),
  'exam.plan': method<z.ZodType<{ examDate?: string | undefined; deckIds?: string[] | undefined; newPerDay?: number | undefined }>, ExamPlan | null>(
    z
      .object({ examDate: isoDate.optional(), deckIds: z.array(id).max(1000).optional(), newPerDay: z.number().int().min(0).max(9999).optional() })
      .strict(),
  ),
};
