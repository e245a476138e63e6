import type { CollectionDoor } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { Settings } from '../settings/settings-schema.js';
import { defaultPresetName, presetConfigOf, presetConfigSchema, presetNameSchema, type Preset, type PresetConfig } from './preset-schema.js';
import type { DeckRecord, PresetRecord } from '../db/table-rows.js';

type PresetRow = Pick<PresetRecord, 'id' | 'name' | 'config'>;
type DeckPresetRow = Pick<DeckRecord, 'id' | 'preset_id'>;

/**
 * Named presets in the `presets` table and which deck uses which. A stored
 * preset that no longer validates (written by hand, or by a later version)
 * is filled from the Default preset key by key rather than refused, so a
 * deck always has options to schedule with.
 */
export class PresetStore {
  /** Writes go through the collection's door, which rebuilds the schedulers after them. */
  constructor(private readonly door: CollectionDoor) {}

  list(settings: Settings): Preset[] {
    const usage = this.door.read((db) => db.prepare<[], DeckPresetRow>('SELECT id, preset_id FROM decks ORDER BY id').all());
    const decksOf = (presetId: number | null) => usage.filter((u) => u.preset_id === presetId).map((u) => u.id);
    const rows = this.door.read((db) => db.prepare<[], PresetRow>('SELECT id, name, config FROM presets ORDER BY name COLLATE NOCASE').all());
    return [
      { id: null, name: defaultPresetName, config: presetConfigOf(settings), deckIds: decksOf(null) },
      ...rows.map((r) => ({ id: r.id, name: r.name, config: this.parse(r.config, settings), deckIds: decksOf(r.id) })),
    ];
  }

  /** Each named preset's options by id: what the schedulers are built from. */
  configs(settings: Settings): Map<number, PresetConfig> {
    const rows = this.door.read((db) => db.prepare<[], PresetRow>('SELECT id, name, config FROM presets').all());
    return new Map(rows.map((r) => [r.id, this.parse(r.config, settings)]));
  }

  /** Which preset each deck uses (decks on the Default preset are left out). */
  deckPresets(): Map<string, number> {
    const rows = this.door.read((db) => db.prepare<[], { id: string; preset_id: number }>('SELECT id, preset_id FROM decks WHERE preset_id IS NOT NULL').all());
    return new Map(rows.map((r) => [r.id, r.preset_id]));
  }

  /** Creates a preset with the given options (a copy of Default when none are given). */
  create(name: string, config: PresetConfig): number {
    const clean = this.checkName(name);
    const parsed = this.checkConfig(config);
    try {
      return Number(this.door.write((db) => db.prepare('INSERT INTO presets (name, config) VALUES (?, ?)').run(clean, JSON.stringify(parsed)), 'scheduler').lastInsertRowid);
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) throw new DemarcError(ErrorCode.conflict, `A preset named "${clean}" already exists.`);
      throw error;
    }
  }

  update(id: number, name: string, config: PresetConfig): void {
    const clean = this.checkName(name);
    const parsed = this.checkConfig(config);
    this.require(id);
    try {
      this.door.write((db) => db.prepare('UPDATE presets SET name = ?, config = ? WHERE id = ?').run(clean, JSON.stringify(parsed), id), 'scheduler');
    } catch (error) {
      if (error instanceof Error && /UNIQUE/.test(error.message)) throw new DemarcError(ErrorCode.conflict, `A preset named "${clean}" already exists.`);
      throw error;
    }
  }

  /** Deletes a preset; its decks go back to Default (the foreign key does that). */
  delete(id: number): void {
    this.require(id);
    this.door.write((db) => db.prepare('DELETE FROM presets WHERE id = ?').run(id), 'scheduler');
  }

  assign(deckId: string, presetId: number | null): void {
    if (presetId !== null) this.require(presetId);
    const changed = this.door.write((db) => db.prepare('UPDATE decks SET preset_id = ? WHERE id = ?').run(presetId, deckId), 'scheduler').changes;
    if (changed !== 1) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
  }

  private require(id: number): void {
    if (!this.door.read((db) => db.prepare('SELECT 1 FROM presets WHERE id = ?').get(id))) throw new DemarcError(ErrorCode.notFound, `Preset ${id} does not exist.`);
  }

  private checkName(name: string): string {
    const parsed = presetNameSchema.safeParse(name);
    if (!parsed.success) throw new DemarcError(ErrorCode.invalidArgument, 'A preset needs a name of 1 to 100 characters.');
    if (parsed.data.toLowerCase() === defaultPresetName.toLowerCase()) throw new DemarcError(ErrorCode.conflict, `"${defaultPresetName}" is the collection's own preset; choose another name.`);
    return parsed.data;
  }

  private checkConfig(config: unknown): PresetConfig {
    const parsed = presetConfigSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DemarcError(ErrorCode.invalidArgument, `Preset option ${issue?.path.join('.') || '?'}: ${issue?.message ?? 'invalid value'}. Nothing was saved.`);
    }
    return parsed.data;
  }

  private parse(text: string, settings: Settings): PresetConfig {
    const fallback = presetConfigOf(settings);
    let stored: Record<string, unknown> = {};
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) stored = value as Record<string, unknown>;
    } catch {
      // unreadable: the Default options stand in
    }
    const merged: Record<string, unknown> = { ...fallback };
    for (const key of Object.keys(fallback)) {
      if (!(key in stored)) continue;
      const one = presetConfigSchema.shape[key as keyof PresetConfig].safeParse(stored[key]);
      if (one.success) merged[key] = one.data;
    }
    return merged as PresetConfig;
  }
}
