import { z } from 'zod';

/**
 * The pieces every part of the API contract is built from, declared once:
 * `method` pairs an argument schema with its result type, and the ids, the
 * empty argument and the calendar-date shape are the same in every part.
 * Pure: no Node, no DOM.
 */

export function method<A extends z.ZodType, R>(args: A) {
  return { args, result: undefined as unknown as R };
}

/** A deck id (or any other text id). */
export const id = z.string().min(1).max(200);
export const cardId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const cardIds = z.array(cardId).min(1).max(100_000);
/** A review session, as study.start or cram.start returned it. */
export const sessionId = z.string().uuid('a session id is the one study.start or cram.start returned');
/** The argument of a method that takes none. */
export const none = z.object({}).strict();
/** A date as the learner picks it, YYYY-MM-DD (its calendar validity is checked where it is used). */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
