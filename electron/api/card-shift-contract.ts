import { z } from 'zod';
import { id, method } from './contract-kit.js';
import type { ShiftResult } from '../core/cards/card-shifts.js';
import { shiftKinds, type ShiftPlan, type ShiftRequest } from '../core/cards/postpone-advance.js';

/**
 * Postpone and Advance (cards/postpone-advance.ts) by deck or by search: the
 * preview tells how many cards move and the expected recall it costs; the
 * change itself is recorded like the deck browser's actions (`cards.undoEdit`).
 * Pure: no Node, no DOM.
 */
const shiftRequest = z
  .object({
    kind: z.enum(shiftKinds),
    scope: z.object({ deckId: id.optional(), query: z.string().max(1000).optional() }).strict(),
    days: z.number().int().min(0).max(365),
    count: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

export const cardShiftContract = {
  'cards.previewShift': method<z.ZodType<ShiftRequest>, ShiftPlan>(shiftRequest),
  'cards.shift': method<z.ZodType<ShiftRequest>, ShiftResult>(shiftRequest),
};
