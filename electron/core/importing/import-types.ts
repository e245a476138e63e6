/** The import screen's view of a file: pure types shared with the renderer. */
export const importFormats = ['demarc-json', 'csv', 'apkg', 'colpkg'] as const;
export type ImportFormat = (typeof importFormats)[number];

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
  mapping?: ColumnMapping | undefined;
}

export interface ImportSampleCard {
  deck: string;
  kind: 'responsibility' | 'basic' | 'choice';
  front: string;
  back: string;
  /** True when front/back hold sanitised HTML. */
  html: boolean;
}

export interface ImportPreview {
  fileName: string;
  format: ImportFormat;
  decks: { id: string; title: string; cards: number }[];
  cards: number;
  sample: ImportSampleCard[];
  csv?: { delimiter: string; hasHeader: boolean; columns: string[]; mapping: ColumnMapping; rows: number } | undefined;
  reviews: number;
  media: number;
  warnings: string[];
}

export interface ImportSummary {
  fileName: string;
  format: ImportFormat;
  decks: { id: string; title: string }[];
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedReasons: { reason: string; count: number }[];
  reviews: number;
  media: number;
  backupFile: string | null;
}
