import type { CollectionDoor } from '../db/collection-door.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import { withBulkCardImport } from '../cards/bulk-card-inserts.js';
import { withTempFilesInMemory } from '../db/temp-in-memory.js';
import type { StagedBackup } from '../backup/backups.js';
import { withBulkReviewAppend } from '../db/review-log-bulk-append.js';
import { DeckWriter } from '../decks/deck-writer.js';
import type { CardContent } from '../domain/types.js';
import { parseAnkiImport } from './anki-import.js';
import { parseCsv } from './csv-import.js';
import { detectFormat } from './detect-format.js';
import { checkFileSize, invalidFile } from './import-limits.js';
import type { ParsedImport } from './import-model.js';
import type { ImportOptions, ImportPreview, ImportSampleCard, ImportSummary } from './import-types.js';
import { mediaDirFor, removeWrittenMedia, writeMedia, type WrittenMedia } from './media-store.js';
import { parseNativeDeck } from './native-import.js';
import { RevlogReplayer } from './revlog-replay.js';
import { ScheduleWriter } from './schedule-writer.js';
import { announcingLongWrite } from '../db/write-wait.js';
import { assertImportTargets, planImport } from './import-plan.js';
import { applyValueRules } from './import-values.js';
import { applyRetentionPresets, retentionPresets } from './deck-retention.js';

/** What an import writes into: the collection's connection and state, handed over by the collection itself. */
export interface ImportTarget {
  /** The collection's door: the import writes through it in one transaction (the file is checked first). */
  door: CollectionDoor;
  file: string;
  now: number;
  settings: Settings;
  scheduler: FsrsScheduler;
  /** The backup this import makes (null for a collection in memory): copied first, put in place just before the import commits. */
  backupBeforeImport(): StagedBackup | null;
}

const sampleSize = 5;

/** Reports how far a running import has got (0..1) and what it is doing, for a progress bar. */
export type ImportProgress = (fraction: number, phase: string) => void;

/** The presets an import makes for Anki's desired retention, with deck titles, as the preview lists them. */
function presetsOf(parsed: ParsedImport, settings: Settings): NonNullable<ImportPreview['scheduling']>['presets'] {
  if (!parsed.deckRetention?.size) return [];
  const titles = new Map(parsed.decks.map((d) => [d.id, d.title]));
  return retentionPresets(parsed.deckRetention, settings).map((p) => ({ name: p.name, desiredRetention: p.desiredRetention, decks: p.deckIds.map((id) => titles.get(id) ?? id) }));
}

/** What parsing needs from the collection: plain values, so a worker thread can parse without opening it. */
export interface ParseContext {
  mediaDir: string | null;
  now: number;
}

export function parseContextOf(collection: Pick<ImportTarget, 'file' | 'now'>): ParseContext {
  return { mediaDir: mediaDirFor(collection.file), now: collection.now };
}

/** Reads and validates a whole file; nothing is written. */
export function parseImport(collection: Pick<ImportTarget, 'file' | 'now'>, fileName: string, bytes: Uint8Array, options: ImportOptions): ParsedImport {
  return parseImportBytes(fileName, bytes, options, parseContextOf(collection));
}

/** The parse itself, which import-worker.ts runs off the main thread under time and memory limits. */
export function parseImportBytes(fileName: string, bytes: Uint8Array, options: ImportOptions, context: ParseContext): ParsedImport {
  checkFileSize(fileName, bytes.length);
  const format = detectFormat(fileName, bytes);
  let parsed: ParsedImport;
  switch (format) {
    case 'demarc-json':
      parsed = parseNativeDeck(fileName, bytes, options);
      break;
    case 'csv':
      parsed = parseCsv(fileName, bytes, options);
      break;
    case 'apkg':
    case 'colpkg':
      parsed = parseAnkiImport(fileName, format, bytes, options, context);
      break;
  }
  // The rules the API and arriving sync events follow, for every format.
  applyValueRules(parsed);
  if (parsed.decks.every((d) => d.cards.length === 0) && parsed.skipped.size === 0) {
    throw invalidFile(fileName, 'contains no cards to import.');
  }
  return parsed;
}

/** What importing the file would bring in, for the import screen to confirm. */
export function previewImport(collection: ImportTarget, fileName: string, bytes: Buffer, options: ImportOptions): ImportPreview {
  return previewOfParsed(collection, parseImport(collection, fileName, bytes, options));
}

/** The preview of an already parsed file: what it holds, and what importing it would add, update and retire. */
export function previewOfParsed(collection: Pick<ImportTarget, 'door' | 'settings'>, parsed: ParsedImport): ImportPreview {
  const fileName = parsed.fileName;
  const sample: ImportSampleCard[] = [];
  for (const deck of parsed.decks) {
    for (const card of deck.cards) {
      if (sample.length >= sampleSize) break;
      sample.push({ deck: deck.title, ...sampleOf(card.content) });
    }
  }
  return {
    fileName,
    format: parsed.format,
    decks: parsed.decks.map((d) => ({ id: d.id, title: d.title, cards: d.cards.length })),
    cards: parsed.decks.reduce((n, d) => n + d.cards.length, 0),
    sample,
    csv: parsed.csv,
    reviews: parsed.reviewCount,
    media: parsed.media.length,
    skipped: parsed.skipped.size ? [...parsed.skipped].map(([reason, count]) => ({ reason, count })) : undefined,
    warnings: parsed.warnings,
    scheduling: parsed.scheduling && { ...parsed.scheduling, presets: presetsOf(parsed, collection.settings) },
    changes: collection.door.read((db) => planImport(db, parsed)),
  };
}

/**
 * Imports a file all-or-nothing: everything is parsed and validated first,
 * the collection is backed up, media files are saved, then every deck, card
 * and review is written in one immediate transaction.
 */
export function runImport(
  collection: ImportTarget,
  fileName: string,
  bytes: Buffer,
  options: ImportOptions,
  onProgress: ImportProgress = () => {},
): ImportSummary {
  onProgress(0.02, 'Reading the file');
  return writeParsedImport(collection, parseImport(collection, fileName, bytes, options), onProgress);
}

/** Writes an already parsed file (see runImport). */
export function writeParsedImport(collection: ImportTarget, parsed: ParsedImport, onProgress: ImportProgress = () => {}): ImportSummary {
  const fileName = parsed.fileName;
  collection.door.read((db) => assertImportTargets(db, parsed));
  onProgress(0.2, 'Backing up your collection');
  // All or nothing: when anything below fails, the backup made for this import and the media it wrote go again.
  let backup: StagedBackup | null = null;
  let backupFile: string | null = null;
  let written: WrittenMedia = { files: [], createdDir: null };
  const undo = () => {
    removeWrittenMedia(written);
    backup?.discard();
  };
  try {
    backup = collection.backupBeforeImport();
    written = writeMedia(mediaDirFor(collection.file), parsed.media);
  } catch (error) {
    undo();
    throw error;
  }
  const cardCount = Math.max(1, parsed.decks.reduce((n, d) => n + d.cards.length, 0));
  const cardShare = parsed.reviewCount ? 0.35 : 0.75;
  let cardsDone = 0;
  const cardProgress = (done: number) => onProgress(0.25 + (cardShare * (cardsDone + done)) / cardCount, 'Writing cards');
  const now = collection.now;
  let totals: { added: number; updated: number; unchanged: number; retired: number; reviews: number };
  let presetsAssigned = 0;
  try {
    // Announced as a long write: answers arriving meanwhile wait for it instead of failing.
    totals = announcingLongWrite(collection.file, () => collection.door.write((db) => {
      const writer = new DeckWriter(db);
      const replayer = new RevlogReplayer(db, collection.scheduler.engine, collection.settings.rolloverHour);
      return withTempFilesInMemory(db, () => db.transaction(() => {
        // Again inside the transaction: nothing can have made a target a built-in deck since the check above.
        assertImportTargets(db, parsed);
        const t = { added: 0, updated: 0, unchanged: 0, retired: 0, reviews: 0 };
        withBulkCardImport(db, () => {
          for (const deck of parsed.decks) {
            if (deck.cards.length === 0) continue;
            const s = writer.write(deck, now, { retireMissing: parsed.retireMissing, onProgress: cardProgress });
            cardsDone += deck.cards.length;
            t.added += s.added;
            t.updated += s.updated;
            t.unchanged += s.unchanged;
            t.retired += s.retired;
          }
        });
        if (parsed.reviewCount) {
          const historyCards = Math.max(1, [...parsed.reviews.values()].reduce((n, m) => n + m.size, 0));
          t.reviews = withBulkReviewAppend(db, () =>
            replayer.importAll(parsed.reviews, (done) => onProgress(0.6 + (0.38 * done) / historyCards, 'Replaying the review history')),
          );
        }
        // After the replay: the source's own due dates, lapses, memory and marks win over the recomputed ones.
        if (parsed.schedules.size) new ScheduleWriter(db, now, collection.settings.rolloverHour).applyAll(parsed.schedules);
        if (parsed.deckRetention?.size) presetsAssigned = applyRetentionPresets(db, retentionPresets(parsed.deckRetention, collection.settings), collection.settings);
        // Last, so the collection's check ran beside the writing: a damaged collection fails here and nothing commits.
        backupFile = backup?.finish().file ?? null;
        return t;
      })
      .immediate());
    }));
  } catch (error) {
    undo();
    throw error;
  }
  // Decks now on other presets: the schedulers are rebuilt (a write that changes nothing, for its effect).
  if (presetsAssigned) collection.door.write(() => undefined, 'scheduler');
  onProgress(1, 'Done');
  return {
    fileName,
    format: parsed.format,
    decks: parsed.decks.filter((d) => d.cards.length).map((d) => ({ id: d.id, title: d.title })),
    added: totals.added,
    updated: totals.updated,
    unchanged: totals.unchanged,
    retired: totals.retired,
    skipped: [...parsed.skipped.values()].reduce((n, c) => n + c, 0),
    skippedReasons: [...parsed.skipped].map(([reason, count]) => ({ reason, count })),
    reviews: totals.reviews,
    media: parsed.media.length,
    backupFile,
    warnings: parsed.warnings,
  };
}

function sampleOf(content: CardContent): Omit<ImportSampleCard, 'deck'> {
  switch (content.kind) {
    case 'basic':
      return { kind: 'basic', front: content.front, back: content.back, html: content.html === true };
    case 'responsibility':
      return { kind: 'responsibility', front: content.prompt, back: content.explanation, html: false, owner: content.owner };
    case 'choice':
      return {
        kind: 'choice',
        front: content.question,
        back: content.answer.map((i) => content.options[i] ?? '').join('; '),
        html: false,
      };
  }
}
