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
import { statsParams, type StatsInputs } from './compute-stats.js';
import { studyDay } from '../domain/day-clock.js';
import { periodStart } from './stats-scope.js';
import { allDeckStamps, deckWriteStamps } from './deck-stamps.js';
import { adoptConfusedCards, readConfusedCards, type ConfusedCardRow } from './owner-confusions.js';
import { adoptDeckMastery, readDeckMastery, type DeckMasteryFigures } from '../decks/deck-mastery.js';

/** What the figures are read with: the known parameters at the horizon and the FSRS curve at a moment (compute-stats.ts statsParams). */
export interface PrepareRequest {
  known: KnownParams;
  curve: RetrievabilityParams;
  /** The days of the periods whose most confused cards are read too (all decks). */
  confusionDays?: { from: number; to: number }[];
}

/** What to prepare for a report made with `c` today: the screen's periods of a month and a year. */
export function prepareRequestOf(c: Omit<StatsInputs, 'db'>): PrepareRequest {
  const { known, curve } = statsParams(c);
  const today = studyDay(c.now, c.settings.rolloverHour);
  return { known, curve, confusionDays: (['1m', '1y'] as const).map((p) => ({ from: periodStart(p, today, null), to: today })) };
}

export interface PrepareWorkerRequest {
  file: string;
  figures: PrepareRequest;
}

/** Every deck's card figures of the Stats report for all decks, read in one transaction, each deck's with its write counter then. */
export interface PreparedFigures {
  request: PrepareRequest;
  decks: (DeckCardFigures & DeckMasteryFigures & { bins: number[] })[];
  facts: { key: string; rows: CardGroupRow[] };
  /** Every deck's write counter as read (deck-stamps.ts), and the most confused cards of each period asked for. */
  stamps: string;
  confusions: { from: number; to: number; rows: ConfusedCardRow[] }[];
}

/**
 * The part of a Stats report that passes over every card (each deck's
 * groups with their known sums, stability/difficulty bins and retrievability
 * bins, and the mastery its row on Today and Decks shows, the fact corrections and the most confused cards of the periods asked for, for all decks), read with the same
 * statements as the report reads a deck whose figures it does not hold.
 */
export function prepareFigures(db: Database.Database, request: PrepareRequest, report: ReportProgress = () => {}): PreparedFigures {
  return db.transaction((): PreparedFigures => {
    const stamps = deckWriteStamps(db);
    const decks = stamps.map(({ deckId, stamp }, i) => {
      // A stop (the collection closing) is honoured between two decks.
      report('deck', i / stamps.length);
      return {
        deckId,
        stamp,
        groups: readDeckGroups(db, deckId, request.known),
        memory: readDeckMemoryBins(db, deckId),
        bins: readDeckRetrievability(db, deckId, request.curve),
        // The deck rows of Today and Decks read the same known values: their first call after opening finds them here.
        mastery: readDeckMastery(db, deckId, request.known),
      };
    });
    const all = { deckIds: null, serviceTypeOf: new Map() };
    const facts = { key: factCorrectionsKey(db, request.known), rows: readFactCorrections(db, all, request.known) };
    const confusions = (request.confusionDays ?? []).map(({ from, to }) => ({ from, to, rows: readConfusedCards(db, all, from, to) }));
    return { request, decks, facts, stamps: allDeckStamps(db), confusions };
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
  adoptDeckMastery(db, knownKey(known), prepared.decks);
  adoptRetrievability(db, curveKey(curve), curve.now, prepared.decks);
  adoptFactCorrections(db, null, prepared.facts.key, prepared.facts.rows);
  for (const c of prepared.confusions) adoptConfusedCards(db, null, c.from, c.to, prepared.stamps, c.rows);
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
