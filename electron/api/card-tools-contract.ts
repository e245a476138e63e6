import { z } from 'zod';
import { cardId, cardIds, method, sessionId } from './contract-kit.js';
import type { CardInfo } from '../core/cards/card-tools.js';
import type { UndoState } from '../core/domain/types.js';

/**
 * The review screen's card tools (bury, flag, set due date, card info): their
 * part of the API contract. Sent with a review session's id, a change goes on
 * that session's undo stack and `undo` says what its Undo button offers next;
 * without one, `undo` is null and every undo history ends.
 */

export const cardToolsContract = {
  'cards.bury': method<z.ZodType<{ cardId: number; sessionId?: string | undefined }>, { buried: true; undo: UndoState | null }>(
    z.object({ cardId, sessionId: sessionId.optional() }).strict(),
  ),
  'cards.flag': method<z.ZodType<{ cardId: number; flag: number; sessionId?: string | undefined }>, { flag: number; undo: UndoState | null }>(
    z.object({ cardId, flag: z.number().int().min(0).max(4), sessionId: sessionId.optional() }).strict(),
  ),
  'cards.setDue': method<z.ZodType<{ cardIds: number[]; days: number; sessionId?: string | undefined }>, { changed: number; undo: UndoState | null }>(
    z.object({ cardIds, days: z.number().int().min(0).max(36500), sessionId: sessionId.optional() }).strict(),
  ),
  'cards.info': method<z.ZodType<{ cardId: number }>, CardInfo>(z.object({ cardId }).strict()),
};
