import { z } from 'zod';
import { owners, reviewKinds } from '../domain/types.js';
import { travellingSettings } from '../db/migrations/0007-sync-event-log.js';
import { isHlc } from './hybrid-clock.js';

/*
 * The events that travel between devices, one schema each. Change files come
 * from other machines through a folder anyone could write to, so every event
 * is validated before it touches the collection; an invalid one is skipped.
 * Cards are named by (source deck, key), which every device shares; local row
 * ids differ between devices and never travel.
 */

export const deviceIdPattern = /^[0-9a-f]{16}$/;
const deviceId = z.string().regex(deviceIdPattern);
const text = z.string().min(1).max(500);

export const cardRefSchema = z.object({ deck: text, key: text }).strict();
export type CardRef = z.infer<typeof cardRefSchema>;

const int = z.number().int().min(-1e15).max(1e15);

export const answerEventSchema = z
  .object({
    type: z.literal('answer'),
    id: text,
    device: deviceId,
    card: cardRefSchema,
    at: int,
    day: int,
    rating: z.number().int().min(1).max(4),
    stateBefore: z.number().int().min(0).max(3),
    kind: z.enum(reviewKinds),
    scheduledDays: int,
    elapsedDays: int,
    durationMs: z.number().int().min(0).max(1e12),
    stability: z.number().finite().nullable(),
    difficulty: z.number().finite().nullable(),
    pickedOwner: z.enum(owners).nullable(),
    correct: z.boolean().nullable(),
  })
  .strict();
export type AnswerEvent = z.infer<typeof answerEventSchema>;

export const undoEventSchema = z
  .object({ type: z.literal('undo'), id: text, device: deviceId, answer: text, card: cardRefSchema })
  .strict();
export type UndoEvent = z.infer<typeof undoEventSchema>;

/** A field that is edited as a whole: the last edit by hybrid logical clock wins. */
export const fieldSchema = z.union([
  z.tuple([z.literal('card'), text, text, z.literal('suspended')]),
  z.tuple([z.literal('deck'), text, z.enum(['newPerDay', 'reviewsPerDay', 'examDate'])]),
  z.tuple([z.literal('setting'), z.enum(travellingSettings as [string, ...string[]])]),
]);
export type FieldRef = z.infer<typeof fieldSchema>;

export const setEventSchema = z
  .object({
    type: z.literal('set'),
    id: text,
    device: deviceId,
    hlc: z.string().refine(isHlc, 'not a hybrid logical clock stamp'),
    field: fieldSchema,
    value: z.json(),
  })
  .strict();
export type SetEvent = z.infer<typeof setEventSchema>;

export const syncEventSchema = z.discriminatedUnion('type', [answerEventSchema, undoEventSchema, setEventSchema]);
export type SyncEvent = z.infer<typeof syncEventSchema>;

/** The field's identity as one string (the key of sync_fields). */
export function fieldKey(field: FieldRef | readonly unknown[]): string {
  return JSON.stringify(field);
}
