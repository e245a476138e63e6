/** The import screen's view of a file: pure types shared with the renderer. */
import type { ErrorCodeValue } from '../domain/errors.js';
export const importFormats = ['demarc-json', 'csv', 'apkg', 'colpkg'] as const;
export type ImportFormat = (typeof importFormats)[number];

/**
 * The one limit on an imported file's size, for every way in: the Import
 * screen checks it before reading, the API contract bounds the upload by it,
 * web mode's request body allows for it, and the import itself enforces it
 * (the CLI included).
 */
export const maxImportFileBytes = 64 * 1024 * 1024;
/** The same limit for the file as base64 on the wire. */
export const maxImportFileBase64 = Math.ceil(maxImportFileBytes / 3) * 4;

export interface ColumnMapping {
  front: number;
  back: number;
  tags?: number | undefined;
  deck?: number | undefined;
  owner?: number | undefined;
  guid?: number | undefined;
  notetype?: number | undefined;
}

export interface ImportOptions {
  /** Target deck title for files that do not name one (CSV) or to override it. */
  deckName?: string | undefined;
  /** Bring in the review history of Anki packages (on by default when present). */
  includeHistory?: boolean | undefined;
  /** CSV only: override what detection found. */
  delimiter?: string | undefined;
  hasHeader?: boolean | undefined;
  /** CSV only: the fields are HTML (Anki's text exports are); overrides the file's `#html:` line. */
  html?: boolean | undefined;
  mapping?: ColumnMapping | undefined;
}

export interface ImportSampleCard {
  deck: string;
  kind: 'responsibility' | 'basic' | 'choice';
  front: string;
  back: string;
  /** True when front/back hold sanitised HTML. */
  html: boolean;
  /** Responsibility cards: the answer (front is the prompt, back the explanation). */
  owner?: 'aws' | 'customer' | 'shared' | undefined;
}

export interface ImportScheduling {
  memoryStates: number;
  review: number;
  learning: number;
  suspended: number;
  buried: number;
  flagged: number;
  /** The desired retention Anki stored on most cards, when it stored one (Demarc schedules by the deck's own). */
  desiredRetention: number | null;
  /** 1: an old collection whose learning answers had three buttons, read as Anki reads them. */
  schedulerVersion: 1 | 2;
  /** The presets the import makes (or reuses) so decks keep Anki's desired retention, with the decks' titles. */
  presets?: { name: string; desiredRetention: number; decks: string[] }[] | undefined;
}

export interface ImportPreview {
  fileName: string;
  format: ImportFormat;
  decks: { id: string; title: string; cards: number }[];
  cards: number;
  sample: ImportSampleCard[];
  csv?: { delimiter: string; hasHeader: boolean; html: boolean; columns: string[]; mapping: ColumnMapping; rows: number } | undefined;
  /** Review-history entries found (before duplicates already in the collection are left out). */
  reviews: number;
  media: number;
  /**
   * Anki packages with history: the scheduling state the cards arrive in
   * (Anki's own due dates, lapses and marks), and how many keep the FSRS
   * memory Anki stored rather than one rebuilt from the history.
   */
  scheduling?: ImportScheduling | undefined;
  /** Rows or cards that will not be imported, by reason. */
  skipped?: { reason: string; count: number }[] | undefined;
  warnings: string[];
  /**
   * What importing would do to the collection, counted before anything is
   * written: cards added, updated in place, left unchanged and retired, and
   * the titles of decks (made by an earlier import of the same kind) it updates.
   */
  changes: { added: number; updated: number; unchanged: number; retired: number; existingDecks: string[] };
}

/** A running or finished import started from the Import screen. */
export interface ImportJobStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  fileName: string;
  /** 0..1 */
  progress: number;
  phase: string;
  summary: ImportSummary | null;
  error: { code: ErrorCodeValue; message: string } | null;
}

export interface ImportSummary {
  fileName: string;
  format: ImportFormat;
  decks: { id: string; title: string }[];
  added: number;
  updated: number;
  unchanged: number;
  /** Cards of a re-imported Demarc deck that are no longer in the file (kept with their history, no longer shown). */
  retired?: number | undefined;
  skipped: number;
  skippedReasons: { reason: string; count: number }[];
  reviews: number;
  media: number;
  backupFile: string | null;
  warnings?: string[] | undefined;
}
