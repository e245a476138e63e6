import type Database from 'better-sqlite3';
import { deckWriteStamps } from './deck-stamps.js';
import { failedTodayCte, knownSql, type KnownParams } from '../mastery/known-sql.js';
import type { CardGroupRow } from './card-overview.js';
import { difficultyBinSql, stabilityBinSql } from './memory-stats.js';
import { hasMemorySql } from './retrievability-sql.js';
import type { ResolvedScope } from './stats-scope.js';

/** One deck's figure as last read, with the deck's write counter then. */
interface Kept<T> {
  stamp: number;
  value: T;
}

/** Stability and difficulty bins of a deck's cards with a memory state, packed as stability * 100 + difficulty * 10, each with its count. */
export type MemoryBins = { packed: number; n: number }[];

/**
 * Per connection: each deck's groups with the known parameters they were read with (their known sums move with
 * the day and the horizon), and each deck's memory bins (which move only with its cards).
 */
const kept = new WeakMap<Database.Database, { params: string; groups: Map<string, Kept<CardGroupRow[]>>; memory: Map<string, Kept<MemoryBins>> }>();

export interface CardFigures {
  /** What `readCardGroups` gives, in the same order (deck, owner, state, suspension). */
  groups: CardGroupRow[];
  /** Stability and difficulty bins of the studied cards with a memory state (retrievability bin 0). */
  memory: { packed: number[]; counts: number[] };
}

/**
 * The card figures of the Stats report that do not depend on the time of
 * day: counts by deck, owner, state and suspension with the sum of the
 * known values at the horizon (card-overview.ts), and the stability and
 * difficulty bins (memory-stats.ts). The known value at the horizon changes
 * only with the cards, today's log (cards failed today), the horizon and the
 * FSRS weights: each deck's figures are kept until its write counter
 * (deck_card_writes, moved by a trigger on every write to one of its cards
 * or their log rows, in the same transaction) moves or the parameters change
 * (a new day, other weights, another horizon; the bins, which do not
 * depend on them, stay), and only the decks whose counter moved are read
 * again, each from the cards_stats index alone. The
 * first report of a day passes over the cards once; later ones over the
 * decks studied since. Each deck is read with the same statement, in the same
 * index order, as the plain pass, so the sums are the same numbers.
 */
export function keptCardFigures(db: Database.Database, scope: ResolvedScope, known: KnownParams): CardFigures {
  const stamps = deckWriteStamps(db);
  const entry = entryFor(db, knownKey(known));
  const inScope = scope.deckIds === null ? null : new Set(scope.deckIds);
  const wanted = stamps.filter((s) => inScope === null || inScope.has(s.deckId));
  const out: CardFigures = { groups: [], memory: { packed: [], counts: [] } };
  for (const { deckId, stamp } of wanted) {
    let g = entry.groups.get(deckId);
    if (g?.stamp !== stamp) {
      g = { stamp, value: readDeckGroups(db, deckId, known) };
      entry.groups.set(deckId, g);
    }
    let m = entry.memory.get(deckId);
    if (m?.stamp !== stamp) {
      m = { stamp, value: readDeckMemoryBins(db, deckId) };
      entry.memory.set(deckId, m);
    }
    out.groups.push(...g.value);
    for (const bin of m.value) {
      out.memory.packed.push(bin.packed);
      out.memory.counts.push(bin.n);
    }
  }
  const current = new Set(stamps.map((s) => s.deckId));
  for (const map of [entry.groups, entry.memory]) for (const id of map.keys()) if (!current.has(id)) map.delete(id);
  return out;
}

/** What the kept groups' known sums were read with: another key reads them again (the bins stay). */
export function knownKey(known: KnownParams): string {
  return `${known.knownAt}:${known.knownToday}:${known.knownFactor}:${known.knownDecay}`;
}

function entryFor(db: Database.Database, params: string) {
  let entry = kept.get(db);
  if (!entry) kept.set(db, (entry = { params, groups: new Map(), memory: new Map() }));
  if (entry.params !== params) {
    entry.params = params;
    entry.groups.clear();
  }
  return entry;
}

/** One deck's groups, each from the cards_stats index alone, in its order. */
export function readDeckGroups(db: Database.Database, deckId: string, known: KnownParams): CardGroupRow[] {
  return db
    .prepare<unknown[], CardGroupRow>(
      `WITH ${failedTodayCte}
       SELECT deck_id AS deckId, owner, state, suspended, count(*) AS cards, sum(${knownSql()}) AS knownSum
       FROM cards INDEXED BY cards_stats WHERE deck_id = @deckId AND retired = 0
       GROUP BY deck_id, owner, state, suspended`,
    )
    .all({ ...known, deckId });
}

/** One deck's stability and difficulty bins. */
export function readDeckMemoryBins(db: Database.Database, deckId: string): MemoryBins {
  return db
    .prepare<unknown[], MemoryBins[number]>(
      `SELECT ${stabilityBinSql} * 100 + ${difficultyBinSql} * 10 AS packed, count(*) AS n
       FROM cards INDEXED BY cards_stats WHERE deck_id = @deckId AND retired = 0 AND state > 0 AND ${hasMemorySql} GROUP BY 1`,
    )
    .all({ deckId });
}

/** One deck's figures read elsewhere (stats/prepared-figures.ts), with its write counter then. */
export interface DeckCardFigures {
  deckId: string;
  stamp: number;
  groups: CardGroupRow[];
  memory: MemoryBins;
}

/**
 * Keeps figures read on another connection of the same file (a worker's),
 * each deck's with its write counter then: a deck whose counter has moved
 * since is read again at the next report, as any other. Figures this
 * connection already holds at the same or a later counter stay.
 */
export function adoptCardFigures(db: Database.Database, params: string, decks: readonly DeckCardFigures[]): void {
  const entry = entryFor(db, params);
  for (const d of decks) {
    if (!((entry.groups.get(d.deckId)?.stamp ?? -1) >= d.stamp)) entry.groups.set(d.deckId, { stamp: d.stamp, value: d.groups });
    if (!((entry.memory.get(d.deckId)?.stamp ?? -1) >= d.stamp)) entry.memory.set(d.deckId, { stamp: d.stamp, value: d.memory });
  }
}
