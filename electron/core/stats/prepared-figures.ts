import type Database from 'better-sqlite3';
import { openSqliteFile } from '../db/sqlite-file.js';
import { startWorker } from '../db/start-worker.js';
import { runInWorker, type ReportProgress, type WorkerRun } from '../db/worker-run.js';
import type { KnownParams } from '../mastery/known-sql.js';
import type { CardGroupRow } from './card-overview.js';
import { adoptFactCorrections, factCorrectionsKey, readFactCorrections } from './fact-groups-sql.js';
import { adoptCardFigures, knownKey, readDeckGroups, readDeckMemoryBins, type DeckCardFigures } from './kept-card-figures.js';
import { adoptRetrievability, curveKey, readDeckRetrievability } from './kept-retrievability.js';
import type { RetrievabilityParams } from './retrievability-sql.js';

/** What the figures are read with: the known parameters at the horizon and the FSRS curve at a moment (compute-stats.ts statsParams). */
export interface PrepareRequest {
  known: KnownParams;
  curve: RetrievabilityParams;
}

export interface PrepareWorkerRequest {
  file: string;
  figures: PrepareRequest;
}

/** Every deck's card figures of the Stats report for all decks, read in one transaction, each deck's with its write counter then. */
export interface PreparedFigures {
  request: PrepareRequest;
  decks: (DeckCardFigures & { bins: number[] })[];
  facts: { key: string; rows: CardGroupRow[] };
}

/**
 * The part of a Stats report that passes over every card (each deck's
 * groups with their known sums, stability/difficulty bins and retrievability
 * bins, and the fact corrections for all decks), read with the same
 * statements as the report reads a deck whose figures it does not hold.
 */
export function prepareFigures(db: Database.Database, request: PrepareRequest, report: ReportProgress = () => {}): PreparedFigures {
  return db.transaction((): PreparedFigures => {
    const stamps = db.prepare('SELECT deck_id AS deckId, stamp FROM deck_card_writes ORDER BY deck_id').all() as { deckId: string; stamp: number }[];
    const decks = stamps.map(({ deckId, stamp }, i) => {
      // A stop (the collection closing) is honoured between two decks.
      report('deck', i / stamps.length);
      return {
        deckId,
        stamp,
        groups: readDeckGroups(db, deckId, request.known),
        memory: readDeckMemoryBins(db, deckId),
        bins: readDeckRetrievability(db, deckId, request.curve),
      };
    });
    const facts = { key: factCorrectionsKey(db, request.known), rows: readFactCorrections(db, { deckIds: null, serviceTypeOf: new Map() }, request.known) };
    return { request, decks, facts };
  })();
}

/**
 * Hands figures read on another connection of the same file to this one's
 * kept figures (kept-card-figures.ts, kept-retrievability.ts,
 * fact-groups-sql.ts). Each is used only while its deck's write counter (or,
 * for the corrections, every deck's) still stands where it was read, so
 * figures that a write overtook since are simply read again.
 */
export function adoptPreparedFigures(db: Database.Database, prepared: PreparedFigures): void {
  const { known, curve } = prepared.request;
  adoptCardFigures(db, knownKey(known), prepared.decks);
  adoptRetrievability(db, curveKey(curve), curve.now, prepared.decks);
  adoptFactCorrections(db, null, prepared.facts.key, prepared.facts.rows);
}

/** `prepareFigures` over a read-only connection of `file` of its own (on the worker). */
export function prepareFiguresOfFile(file: string, request: PrepareRequest, report?: ReportProgress): PreparedFigures {
  const db = openSqliteFile(file, { readonly: true, fileMustExist: true });
  try {
    return prepareFigures(db, request, report);
  } finally {
    db.close();
  }
}

/** Starts `prepareFiguresOfFile` on a worker thread (stats-figures-worker.ts). */
export function prepareFiguresInWorker(file: string, request: PrepareRequest): WorkerRun<PreparedFigures> {
  return runInWorker<PrepareWorkerRequest, PreparedFigures>((options) => startWorker(import.meta.url, 'stats-figures-worker', options), file, { file, figures: request }, () => {});
}
