import type { DeckRetention } from './deck-retention.js';
import { createHash } from 'node:crypto';
import type { DeckInput } from '../decks/deck-input.js';
import type { CardStateValue, GradeValue, ReviewKind } from '../domain/types.js';
import type { ImportFormat, ImportPreview, ImportScheduling } from './import-types.js';

/** One review from another program's history, attached to a card by its key. */
export interface ImportedReview {
  reviewedAt: number;
  rating: GradeValue;
  kind: ReviewKind;
  durationMs: number;
}

/**
 * A card's scheduling state as the other program held it, set after the
 * card's history is replayed (its due date, lapses and stored memory are the
 * other program's, not a re-computation).
 */
export interface ImportedSchedule {
  state: CardStateValue;
  /** A study day (review and day-learning cards), a moment (learning cards), or null (new cards; unreadable: due now). */
  due: { day: number } | { at: number } | null;
  scheduledDays: number;
  reps: number;
  lapses: number;
  /** The last answer (ms), when known. */
  lastReview: number | null;
  /** FSRS memory as the source stored it; null keeps the replayed one. */
  memory: { stability: number; difficulty: number } | null;
  suspended: boolean;
  buried: boolean;
  /** 0 none, 1–4 red, orange, green, blue. */
  flag: number;
}

/** A media file to copy into the collection's media folder. */
export interface MediaFile {
  /** The name it is saved under (and referenced by, as media/<name>). */
  name: string;
  data: Uint8Array;
  /** False when an identical file is already there. */
  write: boolean;
}

/** Everything read from a file, validated, before anything is written. */
export interface ParsedImport {
  fileName: string;
  format: ImportFormat;
  decks: DeckInput[];
  /** Native decks replace their previous version: cards gone from the file are retired. */
  retireMissing: boolean;
  /** Reviews by deck id, then card key. */
  reviews: Map<string, Map<string, ImportedReview[]>>;
  reviewCount: number;
  /** Scheduling states by deck id, then card key (Anki packages with history). */
  schedules: Map<string, Map<string, ImportedSchedule>>;
  scheduling?: ImportScheduling;
  /** Anki's desired retention by deck id (Anki packages with history), applied as presets (deck-retention.ts). */
  deckRetention?: Map<string, DeckRetention>;
  media: MediaFile[];
  skipped: Map<string, number>;
  warnings: string[];
  csv?: ImportPreview['csv'];
}

export function emptyParsed(fileName: string, format: ImportFormat): ParsedImport {
  return { fileName, format, decks: [], retireMissing: false, reviews: new Map(), reviewCount: 0, schedules: new Map(), media: [], skipped: new Map(), warnings: [] };
}

export function addSkip(parsed: ParsedImport, reason: string, detail?: string): void {
  parsed.skipped.set(reason, (parsed.skipped.get(reason) ?? 0) + 1);
  if (detail && parsed.warnings.length < maxWarnings) parsed.warnings.push(detail);
  else if (detail && parsed.warnings.length === maxWarnings) parsed.warnings.push('… (more warnings left out)');
}

const maxWarnings = 50;

/**
 * Imported decks live in a namespace of their source, so an import can never
 * write to a built-in deck (whose ids have none of these prefixes) or to a
 * deck another kind of file created: CSV decks are `import-<slug>`, Anki
 * decks `anki-<slug>`, Demarc deck files `deck-<their id>`.
 */
export const importNamespaces = { csv: 'import-', anki: 'anki-', native: 'deck-' } as const;

export function isImportedDeckId(id: string): boolean {
  return Object.values(importNamespaces).some((prefix) => id.startsWith(prefix));
}

/** A Demarc deck file's deck: its own id under `deck-` (an id already there, as an exported imported deck has, stays). */
export function nativeDeckId(fileDeckId: string): string {
  return fileDeckId.startsWith(importNamespaces.native) ? fileDeckId : `${importNamespaces.native}${fileDeckId}`;
}

/** Deck ids of CSV and Anki decks: the source's prefix and a slug of the title, stable across re-imports. */
export function importedDeckId(title: string, source: 'csv' | 'anki'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${importNamespaces[source]}${slug || shortHash(title, 10)}`;
}

export function shortHash(text: string, length = 16): string {
  return createHash('sha1').update(text).digest('hex').slice(0, length);
}
