import type Database from 'better-sqlite3';
import { deckWriteStamps } from './deck-stamps.js';
import { msPerDay } from '../domain/day-clock.js';
import { retrievabilityBinSql, retrievabilityBins } from './memory-stats.js';
import { hasMemorySql, type RetrievabilityParams } from './retrievability-sql.js';
import type { ResolvedScope } from './stats-scope.js';

/** One deck's retrievability bins at `at`, with the deck's write counter then. */
interface KeptBins {
  stamp: number;
  at: number;
  bins: number[];
}

/** Per connection: the FSRS curve the kept bins were read with, and each deck's bins. */
const kept = new WeakMap<Database.Database, { curve: string; decks: Map<string, KeptBins> }>();

/** The cards of one deck with a memory state, as the cards_memory_phase index (migration 0018) holds them. */
const deckCards = `FROM cards INDEXED BY cards_memory_phase WHERE deck_id = @deckId AND retired = 0 AND state > 0 AND ${hasMemorySql}`;
/** A card's time of day of its last review: the index's second column, written exactly as there. */
const phase = `(last_review % ${msPerDay})`;

/**
 * Retrievability bins now (memory-stats.ts) of the scope's cards with a
 * memory state, without a pass over them on every report. A card's
 * retrievability depends on the whole days since its last review, which
 * change only when the clock passes the card's time of day of that review.
 * So each deck's bins are kept with the time they were read at and its
 * write counter (deck_card_writes, moved by a trigger on every write to its
 * cards): while the counter stands still and less than a day has passed,
 * the bins are brought up to now by moving only the cards whose time of day
 * the clock passed since, each from its bin then to its bin now, read
 * from cards_memory_phase by that time of day. A deck whose counter moved,
 * a clock that went back, a day or more gone by, or other FSRS weights read
 * the deck again from the index. Both bins of a moved card come from the
 * same expression as the plain pass, so the counts are exactly its counts.
 */
export function keptRetrievabilityBins(db: Database.Database, scope: ResolvedScope, params: RetrievabilityParams): number[] {
  const { now } = params;
  const stamps = deckWriteStamps(db);
  const decks = decksFor(db, curveKey(params));
  const inScope = scope.deckIds === null ? null : new Set(scope.deckIds);
  const out = retrievabilityBins.map(() => 0);
  let moved: Database.Statement<unknown[], { before: number; after: number; n: number }> | null = null;
  for (const { deckId, stamp } of stamps) {
    if (inScope !== null && !inScope.has(deckId)) continue;
    let deck = decks.get(deckId);
    const gone = deck ? now - deck.at : 0;
    if (!deck || deck.stamp !== stamp || gone < 0 || gone >= msPerDay) {
      deck = { stamp, at: now, bins: readDeckRetrievability(db, deckId, params) };
      decks.set(deckId, deck);
    } else if (gone > 0) {
      // The times of day in (then, now], wrapping past midnight UTC when now's is smaller.
      moved ??= db.prepare<unknown[], { before: number; after: number; n: number }>(
        `SELECT ${retrievabilityBinSql.replaceAll('@now', '@then')} AS before, ${retrievabilityBinSql} AS after, count(*) AS n
         ${deckCards} AND ${phase} > @low AND ${phase} <= @high GROUP BY 1, 2`,
      );
      const low = deck.at % msPerDay;
      const high = now % msPerDay;
      const ranges = low < high ? [[low, high]] : [[low, msPerDay], [-1, high]];
      for (const [lo, hi] of ranges) {
        for (const r of moved.all({ ...params, then: deck.at, deckId, low: lo, high: hi })) {
          deck.bins[r.before]! -= r.n;
          deck.bins[r.after]! += r.n;
        }
      }
      deck.at = now;
    }
    deck.bins.forEach((n, i) => (out[i]! += n));
  }
  const current = new Set(stamps.map((s) => s.deckId));
  for (const id of decks.keys()) if (!current.has(id)) decks.delete(id);
  return out;
}

/** What the kept bins were read with: another FSRS curve reads them again. */
export function curveKey(params: RetrievabilityParams): string {
  return `${params.factor}:${params.decay}`;
}

function decksFor(db: Database.Database, curve: string): Map<string, KeptBins> {
  let entry = kept.get(db);
  if (!entry || entry.curve !== curve) kept.set(db, (entry = { curve, decks: new Map() }));
  return entry.decks;
}

/** One deck's retrievability bins at `params.now`, from the cards_memory_phase index alone. */
export function readDeckRetrievability(db: Database.Database, deckId: string, params: RetrievabilityParams): number[] {
  const bins = retrievabilityBins.map(() => 0);
  const rows = db.prepare<unknown[], { bin: number; n: number }>(`SELECT ${retrievabilityBinSql} AS bin, count(*) AS n ${deckCards} GROUP BY 1`).all({ ...params, deckId });
  for (const r of rows) bins[r.bin] = r.n;
  return bins;
}

/**
 * Keeps bins read on another connection of the same file (a worker's) at
 * `at`, each deck's with its write counter then: the next report brings them
 * up to its time as it does its own, or reads a deck again whose counter
 * moved. Bins this connection holds at the same or a later counter stay.
 */
export function adoptRetrievability(db: Database.Database, curve: string, at: number, decks: readonly { deckId: string; stamp: number; bins: number[] }[]): void {
  const kept = decksFor(db, curve);
  for (const d of decks) {
    if (!((kept.get(d.deckId)?.stamp ?? -1) >= d.stamp)) kept.set(d.deckId, { stamp: d.stamp, at, bins: [...d.bins] });
  }
}
