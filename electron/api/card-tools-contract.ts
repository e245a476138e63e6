import { z } from 'zod';
import { cardId, cardIds, method } from './contract-kit.js';
import type { CardInfo } from '../core/cards/card-tools.js';

/** The review screen's card tools (bury, flag, set due date, card info): their part of the API contract. */

export const cardToolsContract = {
  'cards.bury': method<z.ZodType<{ cardId: number }>, { buried: true }>(z.object({ cardId }).strict()),
  'cards.flag': method<z.ZodType<{ cardId: number; flag: number }>, { flag: number }>(
    z.object({ cardId, flag: z.number().int().min(0).max(4) }).strict(),
  ),
  'cards.setDue': method<z.ZodType<{ cardIds: number[]; days: number }>, { changed: number }>(
    z.object({ cardIds, days: z.number().int().min(0).max(36500) }).strict(),
  ),
  'cards.info': method<z.ZodType<{ cardId: number }>, CardInfo>(z.object({ cardId }).strict()),
};
