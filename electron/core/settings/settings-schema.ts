import { z } from 'zod';
import { calendarDateSchema } from '../domain/calendar-date.js';
import { wholeNumber } from '../domain/value-rules.js';
import { browseColumns } from '../domain/types.js';

/** A learning step such as "1m", "10m", "1h" or "1d". */
const stepPattern = /^[1-9]\d{0,3}[smhd]$/;

export const stepSchema = z.string().regex(stepPattern, 'a step is a number and a unit: 30s, 10m, 1h or 1d');

export const settingsSchema = z
  .object({
    desiredRetention: z.number().min(0.7, 'choose 70% or more').max(0.99, 'choose 99% or less'),
    maximumIntervalDays: wholeNumber(1, 36500, 'days'),
    newPerDay: wholeNumber(0, 9999, 'cards'),
    reviewsPerDay: wholeNumber(0, 99999, 'reviews'),
    learningSteps: z.array(stepSchema).max(10, 'at most 10 steps'),
    relearningSteps: z.array(stepSchema).max(10, 'at most 10 steps'),
    rolloverHour: wholeNumber(0, 23, 'o’clock'),
    leechThreshold: wholeNumber(1, 99, 'lapses'),
    leechAction: z.enum(['suspend', 'tag']),
    enableFuzz: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    examDate: calendarDateSchema.nullable(),
    examDeckIds: z.array(z.string().min(1).max(200)).max(1000),
    /** Order new cards are introduced in: as added (deck order) or shuffled (by card, the same on every device). */
    newCardOrder: z.enum(['added', 'random']),
    /** Easy Days, Sunday first: how much of the review load each weekday takes. */
    easyDays: z.array(z.enum(['normal', 'reduced', 'minimum'])).length(7),
    /** Spread due dates within the fuzz range towards the lighter days. */
    loadBalancer: z.boolean(),
    /** Fitted FSRS-6 parameters; null means the ts-fsrs defaults. */
    fsrsWeights: z.array(z.number().finite()).length(21).nullable(),
    /** The columns Browse shows beside the card, in the order shown. */
    browseColumns: z.array(z.enum(browseColumns)).max(browseColumns.length),
    /** The desktop app's daily reminder: "HH:MM" local time, or null (off). Stays on this machine. */
    dailyReminder: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is written HH:MM, 00:00 to 23:59').nullable(),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  desiredRetention: 0.9,
  maximumIntervalDays: 36500,
  newPerDay: 20,
  reviewsPerDay: 200,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  rolloverHour: 4,
  leechThreshold: 8,
  leechAction: 'suspend',
  enableFuzz: true,
  theme: 'system',
  examDate: null,
  examDeckIds: [],
  newCardOrder: 'added',
  easyDays: ['normal', 'normal', 'normal', 'normal', 'normal', 'normal', 'normal'],
  loadBalancer: true,
  fsrsWeights: null,
  browseColumns: ['deck', 'type', 'due', 'interval', 'stability'],
  dailyReminder: null,
};

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/**
 * A settings change as the API takes it: the patch, and whether a change of
 * the scheduling options reschedules the cards already studied (default
 * no, as in Anki; scheduling/schedule-change.ts).
 */
export const settingsUpdateSchema = settingsPatchSchema.extend({ reschedule: z.boolean().optional() }).strict();

/** The settings a studied card's schedule depends on (the replay's fingerprint, sync/card-replay.ts). */
export const schedulingSettingKeys = [
  'desiredRetention', 'maximumIntervalDays', 'enableFuzz', 'learningSteps', 'relearningSteps', 'fsrsWeights', 'examDate', 'examDeckIds', 'rolloverHour',
] as const satisfies readonly (keyof Settings)[];
