import { z } from 'zod';
import { settingsSchema, type Settings } from '../settings/settings-schema.js';

/** Easy Days: how much review load a weekday takes, Sunday first (Anki's model). */
export const easyDayLevels = ['normal', 'reduced', 'minimum'] as const;
export type EasyDayLevel = (typeof easyDayLevels)[number];
export const newCardOrders = ['added', 'random'] as const;
export type NewCardOrder = (typeof newCardOrders)[number];

/**
 * The options a preset holds: the scheduling part of the settings. The
 * Default preset is the settings themselves; a named preset carries all of
 * them, so a deck's options never depend on which preset was copied.
 */
export const presetConfigSchema = settingsSchema
  .pick({
    desiredRetention: true,
    maximumIntervalDays: true,
    newPerDay: true,
    reviewsPerDay: true,
    learningSteps: true,
    relearningSteps: true,
    leechThreshold: true,
    leechAction: true,
    newCardOrder: true,
    easyDays: true,
  })
  .strict();

export type PresetConfig = z.infer<typeof presetConfigSchema>;
export const presetConfigKeys = Object.keys(presetConfigSchema.shape) as (keyof PresetConfig)[];

export const presetNameSchema = z.string().trim().min(1).max(100);

export interface Preset {
  /** null = the Default preset (the collection's settings). */
  id: number | null;
  name: string;
  config: PresetConfig;
  /** Decks using it. */
  deckIds: string[];
}

export const defaultPresetName = 'Default';

export function presetConfigOf(settings: Settings): PresetConfig {
  return Object.fromEntries(presetConfigKeys.map((k) => [k, settings[k]])) as PresetConfig;
}

/** The settings a deck schedules with: the collection's, with its preset's options over them. */
export function effectiveSettings(settings: Settings, config: PresetConfig | null): Settings {
  return config ? { ...settings, ...config } : settings;
}
