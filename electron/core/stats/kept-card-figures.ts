import type Database from 'better-sqlite3';
import { failedTodayCte, knownSql, type KnownParams } from '../mastery/known-sql.js';
import type { CardGroupRow } from './card-overview.js';
import { difficultyBinSql, stabilityBinSql } from './memory-stats.js';
import { hasMemorySql } from './retrievability-sql.js';
import type { ResolvedScope } from './stats-scope.js';

/** One deck's card figures as last read, with the deck's write counter then. */
interface KeptDeck {
  stamp: number;
  groups: CardGroupRow[];
  /** Stability and difficulty bins of the deck's cards with a memory state, packed as stability * 100 + difficulty * 10, each with its count. */
  memory: { packed: number; n: number }[];
}

/** Per connection: the known parameters the kept figures were read with, and each deck's figures. */
const kept = new WeakMap<Database.Database, { params: string; decks: Map<string, KeptDeck> }>();

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
 * (a new day, other weights, another horizon), and only the decks whose
 * counter moved are read again, each from the cards_stats index alone. The
 * first report of a day passes over the cards once; later ones over the
 * decks studied since. Each deck is read with the same statement, in the same
 * index order, as the plain pass, so the sums are the same numbers.
 */
export function keptCardFigures(db: Database.Database, scope: ResolvedScope, known: KnownParams): CardFigures {
  const stamps = db.prepare('SELECT deck_id AS deckId, stamp FROM deck_card_writes ORDER BY deck_id').all() as { deckId: string; stamp: number }[];
  const params = `${known.knownAt}:${known.knownToday}:${known.knownFactor}:${known.knownDecay}`;
  let entry = kept.get(db);
  if (!entry || entry.params !== params) kept.set(db, (entry = { params, decks: new Map() }));
  const decks = entry.decks;
  const inScope = scope.deckIds === null ? null : new Set(scope.deckIds);
  const wanted = stamps.filter((s) => inScope === null || inScope.has(s.deckId));
  const stale = wanted.filter((s) => decks.get(s.deckId)?.stamp !== s.stamp);
  if (stale.length > 0) {
    const groups = db.prepare(
      `WITH ${failedTodayCte}
       SELECT deck_id AS deckId, owner, state, suspended, count(*) AS cards, sum(${knownSql()}) AS knownSum
       FROM cards INDEXED BY cards_stats WHERE deck_id = @deckId AND retired = 0
       GROUP BY deck_id, owner, state, suspended`,
    );
    const memory = db.prepare(
      `SELECT ${stabilityBinSql} * 100 + ${difficultyBinSql} * 10 AS packed, count(*) AS n
       FROM cards INDEXED BY cards_stats WHERE deck_id = @deckId AND retired = 0 AND state > 0 AND ${hasMemorySql} GROUP BY 1`,
    );
    for (const { deckId, stamp } of stale) {
      decks.set(deckId, {
        stamp,
        groups: groups.all({ ...known, deckId }) as CardGroupRow[],
        memory: memory.all({ deckId }) as { packed: number; n: number }[],
      });
    }
  }
  const current = new Set(stamps.map((s) => s.deckId));
  for (const id of decks.keys()) if (!current.has(id)) decks.delete(id);
  const out: CardFigures = { groups: [], memory: { packed: [], counts: [] } };
  for (const { deckId } of wanted) {
    const deck = decks.get(deckId) as KeptDeck;
    out.groups.push(...deck.groups);
    for (const m of deck.memory) {
      out.memory.packed.push(m.packed);
      out.memory.counts.push(m.n);
    }
  }
  return out;
}
