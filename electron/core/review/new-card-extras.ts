import type Database from 'better-sqlite3';
import type { WriteConnection } from '../db/collection-door.js';

/**
 * "Study this deck anyway": extra new cards a deck may introduce today beyond
 * the daily limits (its own and the overall one), like Anki's custom study
 * "increase today's new card limit". Kept in the settings table under its
 * own key, for one study day only: a stored value from an earlier day means
 * no extras.
 */
const settingsKey = 'newCardExtras';
const maxExtra = 9999;

interface StoredExtras {
  day: number;
  decks: Record<string, number>;
}

export function readNewCardExtras(db: Database.Database, day: number): Map<string, number> {
  const raw = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(settingsKey);
  const stored = parseStored(raw);
  if (!stored || stored.day !== day) return new Map();
  return new Map(Object.entries(stored.decks));
}

/** Adds `count` new cards to the deck's allowance for study day `day`; returns the deck's extra for that day. */
export function addNewCardExtra(db: WriteConnection, day: number, deckId: string, count: number): number {
  return db.transaction(() => {
    const current = readNewCardExtras(db, day);
    const total = Math.min(maxExtra, (current.get(deckId) ?? 0) + Math.max(0, Math.floor(count)));
    current.set(deckId, total);
    const value: StoredExtras = { day, decks: Object.fromEntries(current) };
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(settingsKey, JSON.stringify(value));
    return total;
  }).immediate();
}

/** A damaged or foreign value counts as no extras, never as an error on the study path. */
function parseStored(raw: string | undefined): StoredExtras | null {
  if (raw === undefined) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { day, decks } = value as { day?: unknown; decks?: unknown };
    if (typeof day !== 'number' || typeof decks !== 'object' || decks === null) return null;
    const clean: Record<string, number> = {};
    for (const [deckId, n] of Object.entries(decks)) {
      if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) clean[deckId] = Math.min(maxExtra, n);
    }
    return { day, decks: clean };
  } catch {
    return null;
  }
}
