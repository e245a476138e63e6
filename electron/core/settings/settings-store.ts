import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { defaultSettings, settingsPatchSchema, settingsSchema, type Settings } from './settings-schema.js';
import { describeIssue } from '../domain/validation-messages.js';
import type { KeyValueRecord } from '../db/table-rows.js';

/** Settings live as one JSON value per key; unknown or invalid stored keys fall back to defaults. */
export function loadSettings(db: Database.Database): Settings {
  const rows = db.prepare<[], KeyValueRecord>('SELECT key, value FROM settings').all();
  const merged: Record<string, unknown> = { ...defaultSettings };
  for (const row of rows) {
    if (!(row.key in defaultSettings)) continue;
    try {
      merged[row.key] = JSON.parse(row.value);
    } catch {
      // a damaged value keeps its default
    }
  }
  const parsed = settingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : { ...defaultSettings };
}

export function saveSettings(db: WriteConnection, current: Settings, patch: unknown): Settings {
  const parsedPatch = settingsPatchSchema.safeParse(patch);
  if (!parsedPatch.success) {
    const issue = parsedPatch.error.issues[0];
    throw new DemarcError(ErrorCode.invalidArgument, `${describeIssue(issue)} Nothing was saved.`);
  }
  // A key given as undefined (IPC's structured clone keeps such keys) means "unchanged", not "store NULL".
  const changes = Object.fromEntries(Object.entries(parsedPatch.data).filter(([, value]) => value !== undefined));
  const next = { ...current, ...changes } as Settings;
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) upsert.run(key, JSON.stringify(value));
  })();
  return next;
}
