import { z } from 'zod';
import { calendarDateSchema } from './calendar-date.js';
import { cleanText } from './text-hygiene.js';
import { owners, responsibilityLayers, taskPattern } from './types.js';

/**
 * The rules for a value entering the collection, declared once and applied
 * by every way in: API calls (electron/api), CSV and deck-file imports
 * (core/importing, core/decks) and events arriving through the sync folder
 * (core/sync/sync-event.ts). A value one of them refuses, each refuses; a
 * value one of them cleans, each cleans the same way. Pure: no Node, no DOM.
 *
 * Text is bounded first, then cleaned (domain/text-hygiene.ts): a string
 * past its bound is refused whole, never cut or cleaned.
 */
export const valueBounds = {
  /** Text a card or a note holds (a front, a back, a prompt, a cloze note, an explanation): room for an imported card's HTML. */
  cardText: 100_000,
  /** One option of a choice card, and how many a card has. */
  optionText: 10_000,
  options: 100,
  /** A service, a duty, a card's source document. */
  shortText: 2000,
  /** One tag, and how many a card has. */
  tag: 200,
  tags: 200,
  /** A deck's title and its description. */
  title: 500,
  description: 20_000,
} as const;

/** The tags of a card as stored and sent, space-separated: the most `valueBounds.tags` tags of `valueBounds.tag` characters make. */
export const tagsTextBound = valueBounds.tags * (valueBounds.tag + 1);

/** Text bounded, then cleaned. */
// `overwrite` rather than `transform`: the schema stays a string schema, which zod checks on its fast path
// (card events from the folder are checked by the ten thousand) and JSON Schema can describe.
export const cleanedText = (max: number) => z.string().max(max, `at most ${max.toLocaleString('en')} characters`).overwrite(cleanText);

/** A name or title: bounded, cleaned, trimmed, and not empty once cleaned (three NULs are no title). */
export const cleanedName = (max: number) =>
  z.string().max(max, `at most ${max.toLocaleString('en')} characters`).overwrite(cleanText).trim().min(1, 'it holds no text');

export const cardTextSchema = cleanedText(valueBounds.cardText);
export const optionTextSchema = cleanedText(valueBounds.optionText);
export const shortTextSchema = cleanedText(valueBounds.shortText);
export const tagSchema = cleanedText(valueBounds.tag);
export const tagsTextSchema = cleanedText(tagsTextBound);
export const deckTitleSchema = cleanedName(valueBounds.title);
export const deckDescriptionSchema = cleanedText(valueBounds.description);

/** A grade: 1 Again, 2 Hard, 3 Good, 4 Easy. */
export const gradeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], 'a grade is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)');

/**
 * The moment of an answer (ms since 1970): from 1970 to the year 2200. A
 * review stamped past that (±1e15 ms puts a card's due date in the year
 * 33,658) is no answer anyone gave.
 */
export const latestInstant = Date.UTC(2200, 0, 1);
export const reviewInstantSchema = z.number().int().min(0).max(latestInstant);
/** A study day (days since 1970-01-01 of the local calendar) of such a moment: a day either side for the time zones. */
export const studyDaySchema = z.number().int().min(-1).max(Math.floor(latestInstant / 86_400_000) + 1);
/** How long an answer took: at most an hour (the review screen's, a practice exam's and an Anki history's answers alike). */
export const answerDurationSchema = z.number().int().min(0).max(3_600_000);

/** A whole number in a range, with the message a learner reads when it is not. */
export function wholeNumber(min: number, max: number, unit: string) {
  const message = `choose a whole number from ${min} to ${max} ${unit}`;
  return z.number(message).int(message).min(min, message).max(max, message);
}

/** A deck's own limits and exam date (null: it follows the overall settings). */
export const deckOptionSchemas = {
  newPerDay: wholeNumber(0, 9999, 'cards').nullable(),
  reviewsPerDay: wholeNumber(0, 99999, 'reviews').nullable(),
  examDate: calendarDateSchema.nullable(),
} as const;

const task = z.string().regex(taskPattern).optional();
const optionalCardText = cardTextSchema.optional();

/**
 * A card's content as the collection stores it (domain/types.ts CardContent),
 * whichever way it came: a deck file, a CSV row, a card event from another
 * device.
 */
export const cardContentSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('responsibility'),
      prompt: cardTextSchema,
      owner: z.enum(owners),
      service: shortTextSchema.optional(),
      duty: shortTextSchema.optional(),
      layer: z.enum(responsibilityLayers).optional(),
      explanation: cardTextSchema,
      passage: optionalCardText,
      task,
    })
    .strict(),
  z
    .object({
      kind: z.literal('basic'),
      front: cardTextSchema,
      back: cardTextSchema,
      explanation: optionalCardText,
      html: z.boolean().optional(),
      css: optionalCardText,
      passage: optionalCardText,
      task,
    })
    .strict(),
  z
    .object({
      kind: z.literal('choice'),
      question: cardTextSchema,
      options: z.array(optionTextSchema).min(1).max(valueBounds.options),
      answer: z.array(z.number().int().min(0).max(valueBounds.options - 1)).max(valueBounds.options),
      explanation: cardTextSchema,
      passage: optionalCardText,
      task,
    })
    .strict(),
]);

/**
 * What a refused value is, in words ("the front: at most 100,000 characters"),
 * naming the field by its path.
 */
export function valueProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not valid';
  const field = issue.path.filter((p) => typeof p === 'string').join(' ');
  return `${field ? `the ${field}` : 'the value'}: ${issue.message}`;
}

/** A card's flag: 0 none, 1 red, 2 orange, 3 green, 4 blue (Anki's first four). */
export const cardFlagSchema = z.number().int().min(0).max(4);
/** The study day a card is buried on (0: not buried). */
export const buriedDaySchema = studyDaySchema.min(0);
/** When a card was last reset to new (0: never): a moment as answers have them. */
export const resetMomentSchema = reviewInstantSchema;
/** How many study days ahead "set due date" moves cards (0: today). */
export const setDueDaysSchema = z.number().int().min(0).max(36500);
/**
 * A due date set by hand (set due date, or a schedule kept when the
 * scheduling settings change without rescheduling): when it was set, the
 * moment it makes the card due and the interval in days it stands for. It
 * holds until the card's next answer.
 */
export const manualDueSchema = z
  .object({ at: reviewInstantSchema, due: reviewInstantSchema, days: setDueDaysSchema })
  .strict()
  .nullable();
export type ManualDue = z.infer<typeof manualDueSchema>;
