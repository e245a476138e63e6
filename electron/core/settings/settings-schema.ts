import { z } from 'zod';

/** A learning step such as "1m", "10m", "1h" or "1d". */
const stepPattern = /^[1-9]\d{0,3}[smhd]$/;

export const stepSchema = z.string().regex(stepPattern, 'a step is a number and a unit: 30s, 10m, 1h or 1d');

export const settingsSchema = z
  .object({
    desiredRetention: z.number().min(0.7).max(0.99),
    maximumIntervalDays: z.number().int().min(1).max(36500),
    newPerDay: z.number().int().min(0).max(9999),
    reviewsPerDay: z.number().int().min(0).max(99999),
    learningSteps: z.array(stepSchema).max(10),
    relearningSteps: z.array(stepSchema).max(10),
    rolloverHour: z.number().int().min(0).max(23),
    leechThreshold: z.number().int().min(1).max(99),
    leechAction: z.enum(['suspend', 'tag']),
    enableFuzz: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    examDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'an exam date is written YYYY-MM-DD')
      .nullable(),
    examDeckIds: z.array(z.string().min(1).max(200)).max(1000),
    /** Order new cards are introduced in: as added (deck order) or shuffled (by card, the same on every device). */
    newCardOrder: z.enum(['added', 'random']),
    /** Easy Days, Sunday first: how much of the review load each weekday takes. */
    easyDays: z.array(z.enum(['normal', 'reduced', 'minimum'])).length(7),
    /** Spread due dates within the fuzz range towards the lighter days. */
    loadBalancer: z.boolean(),
    /** Fitted FSRS-6 parameters; null means the ts-fsrs defaults. */
    fsrsWeights: z.array(z.number().finite()).length(21).nullable(),
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
};

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
