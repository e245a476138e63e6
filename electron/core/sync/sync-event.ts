import { z } from 'zod';
import { owners, reviewKinds, serviceTypes } from '../domain/types.js';
import {
  answerDurationSchema,
  cardContentSchema,
  cardTextSchema,
  deckDescriptionSchema,
  deckTitleSchema,
  gradeSchema,
  optionTextSchema,
  reviewInstantSchema,
  shortTextSchema,
  studyDaySchema,
  tagsTextSchema,
  valueBounds,
} from '../domain/value-rules.js';
import { importLimits } from '../importing/import-limits.js';
import { normaliseMediaName } from '../importing/media-names.js';

/**
 * The settings that travel between devices: the ones the settings trigger
 * records as local edits (migration 0007 wrote it, frozen as it ran;
 * tests/unit/travelling-settings.test.ts checks this list against the trigger
 * in a freshly migrated collection).
 */
export const travellingSettings = [
  'desiredRetention', 'maximumIntervalDays', 'newPerDay', 'reviewsPerDay', 'learningSteps', 'relearningSteps',
  'rolloverHour', 'leechThreshold', 'leechAction', 'enableFuzz', 'examDate', 'examDeckIds', 'fsrsWeights',
] as const;
import { isHlc } from './hybrid-clock.js';

/*
 * The events that travel between devices, one schema each. Change files come
 * from other machines through a folder anyone could write to, so every event
 * is validated before it touches the collection; an invalid one is skipped.
 * The values they carry (grades, moments, text and its bounds, card content)
 * follow the rules the API and imports apply (domain/value-rules.ts): text is
 * cleaned the same way, and what the app refuses, an event cannot bring.
 * Cards are named by (source deck, key), which every device shares; local row
 * ids differ between devices and never travel.
 */

export const deviceIdPattern = /^[0-9a-f]{16}$/;
const deviceId = z.string().regex(deviceIdPattern);
const text = z.string().min(1).max(500);

export const cardRefSchema = z.object({ deck: text, key: text }).strict();
export type CardRef = z.infer<typeof cardRefSchema>;

const int = z.number().int().min(-1e15).max(1e15);
const hlc = z.string().refine(isHlc, 'not a hybrid logical clock stamp');

export const answerEventSchema = z
  .object({
    type: z.literal('answer'),
    id: text,
    device: deviceId,
    card: cardRefSchema,
    at: reviewInstantSchema,
    day: studyDaySchema,
    rating: gradeSchema,
    stateBefore: z.number().int().min(0).max(3),
    kind: z.enum(reviewKinds),
    scheduledDays: int,
    elapsedDays: int,
    durationMs: answerDurationSchema,
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

/**
 * A card's fields that travel: suspended, the day it is buried on, its flag,
 * when it was last reset and a due date set by hand (migrations 0007, 0015).
 */
export const cardFields = ['suspended', 'buried', 'flag', 'reset', 'setDue'] as const;
/** A deck's: its own limits and exam date, its preset (by uid) and its deletion. */
export const deckFields = ['newPerDay', 'reviewsPerDay', 'examDate', 'preset', 'deleted'] as const;
/** A preset's uid (presets.uid, migration 0015): 16 hex digits. */
export const presetUidPattern = /^[0-9a-f]{16}$/;

/** A field that is edited as a whole: the last edit by hybrid logical clock wins. */
export const fieldSchema = z.union([
  z.tuple([z.literal('card'), text, text, z.enum(cardFields)]),
  z.tuple([z.literal('deck'), text, z.enum(deckFields)]),
  z.tuple([z.literal('setting'), z.enum(travellingSettings)]),
  z.tuple([z.literal('preset'), z.string().regex(presetUidPattern)]),
]);
export type FieldRef = z.infer<typeof fieldSchema>;

export const setEventSchema = z
  .object({
    type: z.literal('set'),
    id: text,
    device: deviceId,
    hlc,
    field: fieldSchema,
    value: z.json(),
  })
  .strict();
export type SetEvent = z.infer<typeof setEventSchema>;

/*
 * Content events (card-content-events.ts): a card, deck or authored note as it
 * is on the device that changed it, whole; the last by hybrid logical clock
 * wins. Its content follows the rules every way in follows
 * (domain/value-rules.ts); a card names the media it uses by content hash,
 * and their bytes travel beside the change files (sync-media.ts).
 */
const shortText = shortTextSchema;

/** A media file a card uses: its name there (already safe for every file system, checked on arrival) and its SHA-256. */
export const mediaRefSchema = z
  .object({ name: z.string().min(1).max(255).refine((n) => normaliseMediaName(n) === n, 'not a safe media name'), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0).max(importLimits.maxMediaFileBytes) })
  .strict();
export type MediaRef = z.infer<typeof mediaRefSchema>;

export const cardEventSchema = z
  .object({
    type: z.literal('card'),
    id: text,
    device: deviceId,
    hlc,
    card: cardRefSchema,
    /** Null: the card is gone on that device (an added card taken back): gone here too, or retired if it has answers here. */
    value: z
      .object({
        deckId: text,
        noteKey: text,
        content: cardContentSchema,
        source: shortText,
        tags: tagsTextSchema,
        retired: z.boolean(),
        media: z.array(mediaRefSchema).max(200),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type CardEvent = z.infer<typeof cardEventSchema>;

export const deckEventSchema = z
  .object({
    type: z.literal('deck'),
    id: text,
    device: deviceId,
    hlc,
    deck: text,
    value: z.object({ title: deckTitleSchema, serviceType: z.enum(serviceTypes), description: deckDescriptionSchema }).strict(),
  })
  .strict();
export type DeckEvent = z.infer<typeof deckEventSchema>;

const noteText = cardTextSchema;
export const noteFieldsEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['basic', 'basic-reversed']), front: noteText, back: noteText, typeIn: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('cloze'), text: noteText, extra: noteText }).strict(),
  z.object({ type: z.literal('responsibility'), situation: noteText, owner: z.enum(owners), service: shortText, explanation: noteText }).strict(),
  z
    .object({
      type: z.literal('choice'),
      question: noteText,
      options: z.array(optionTextSchema).max(valueBounds.options),
      answer: z.array(z.number().int().min(0).max(valueBounds.options - 1)).max(valueBounds.options),
      explanation: noteText,
    })
    .strict(),
]);

export const noteEventSchema = z
  // Null: the note is gone on that device (an added note undone).
  .object({ type: z.literal('note'), id: text, device: deviceId, hlc, note: text, value: noteFieldsEventSchema.nullable() })
  .strict();
export type NoteEvent = z.infer<typeof noteEventSchema>;

export type ContentEvent = CardEvent | DeckEvent | NoteEvent;

export const syncEventSchema = z.discriminatedUnion('type', [
  answerEventSchema, undoEventSchema, setEventSchema, cardEventSchema, deckEventSchema, noteEventSchema,
]);
export type SyncEvent = z.infer<typeof syncEventSchema>;

/** The field's identity as one string (the key of sync_fields). */
export function fieldKey(field: FieldRef | readonly unknown[]): string {
  return JSON.stringify(field);
}
