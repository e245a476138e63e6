import type { WriteConnection } from '../db/collection-door.js';
import { defaultPresetName, presetConfigOf } from '../presets/preset-schema.js';
import type { Settings } from '../settings/settings-schema.js';
import type { PresetRecord } from '../db/table-rows.js';

/** Anki's desired retention for one imported deck, and the name of the Anki preset (or deck) it came from. */
export interface DeckRetention {
  presetName: string;
  desiredRetention: number;
}

/** A Demarc preset an import makes (or reuses) so its decks keep Anki's desired retention. */
export interface RetentionPreset {
  name: string;
  desiredRetention: number;
  deckIds: string[];
}

/**
 * One preset per distinct Anki preset and retention, for the decks whose
 * retention differs from the collection's Default preset (the others need none).
 * Named after Anki's preset; Anki's "Default" becomes "Default (Anki)", as
 * Demarc's own Default is the collection's settings.
 */
export function retentionPresets(byDeck: ReadonlyMap<string, DeckRetention>, settings: Settings): RetentionPreset[] {
  const out = new Map<string, RetentionPreset>();
  for (const [deckId, r] of byDeck) {
    if (Math.abs(r.desiredRetention - settings.desiredRetention) < 0.0005) continue;
    const base = r.presetName.trim() || 'Anki';
    const name = (base.toLowerCase() === defaultPresetName.toLowerCase() ? `${base} (Anki)` : base).slice(0, 100);
    const key = `${name}\n${r.desiredRetention}`;
    const preset = out.get(key) ?? { name, desiredRetention: r.desiredRetention, deckIds: [] };
    preset.deckIds.push(deckId);
    out.set(key, preset);
  }
  return [...out.values()];
}

/**
 * Creates the presets (the Default preset's options with Anki's retention)
 * and assigns them, inside the import's transaction. A preset of that name
 * with the same retention is reused; one with another retention is left
 * alone and the new one is named with its percentage.
 */
export function applyRetentionPresets(db: WriteConnection, presets: readonly RetentionPreset[], settings: Settings): number {
  const find = db.prepare<[string], Pick<PresetRecord, 'id' | 'config'>>('SELECT id, config FROM presets WHERE name = ? COLLATE NOCASE');
  const insert = db.prepare('INSERT INTO presets (name, config) VALUES (?, ?)');
  const assign = db.prepare('UPDATE decks SET preset_id = ? WHERE id = ?');
  let assigned = 0;
  for (const p of presets) {
    const config = JSON.stringify({ ...presetConfigOf(settings), desiredRetention: p.desiredRetention });
    let id: number | null = null;
    for (const name of [p.name, `${p.name.slice(0, 90)} (${Math.round(p.desiredRetention * 1000) / 10} %)`]) {
      const existing = find.get(name);
      if (!existing) {
        id = Number(insert.run(name, config).lastInsertRowid);
        break;
      }
      if (retentionOfConfig(existing.config) === p.desiredRetention) {
        id = existing.id;
        break;
      }
    }
    if (id === null) continue;
    for (const deckId of p.deckIds) assigned += assign.run(id, deckId).changes;
  }
  return assigned;
}

function retentionOfConfig(text: string): number | null {
  try {
    const value = (JSON.parse(text) as { desiredRetention?: unknown }).desiredRetention;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}
