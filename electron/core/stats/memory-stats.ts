import type Database from 'better-sqlite3';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import { hasMemorySql, retrievabilitySql, type RetrievabilityParams } from './retrievability-sql.js';
import type { HistogramBin, StatsReport } from './stats-types.js';

/** Stability bins in days, doubling: [0,1), [1,2), [2,4) … [2048,4096), then everything up to the 100-year cap. */
export const stabilityBins: readonly { from: number; to: number }[] = [
  { from: 0, to: 1 },
  ...Array.from({ length: 12 }, (_, k) => ({ from: 2 ** k, to: 2 ** (k + 1) })),
  { from: 4096, to: 36500 },
];
/** Difficulty 1..10 in unit bins; the last holds 9 up to and including 10. */
export const difficultyBins: readonly { from: number; to: number }[] = Array.from({ length: 9 }, (_, k) => ({ from: k + 1, to: k + 2 }));
/** Retrievability in tenths; the last holds 0.9 up to and including 1. */
export const retrievabilityBins: readonly { from: number; to: number }[] = Array.from({ length: 10 }, (_, k) => ({ from: k / 10, to: (k + 1) / 10 }));

/*
 * Each studied card is reduced in SQL to one number, its three bin indexes
 * packed as stability * 100 + difficulty * 10 + retrievability: fetching one
 * small value per card is several times cheaper than fetching its fields.
 */
export const stabilityBinSql = `CASE WHEN stability < 1 THEN 0 ELSE min(${stabilityBins.length - 1}, 1 + CAST(floor(log2(stability)) AS INTEGER)) END`;
export const difficultyBinSql = `min(${difficultyBins.length - 1}, max(0, CAST(floor(difficulty) AS INTEGER) - 1))`;
export const retrievabilityBinSql = `min(${retrievabilityBins.length - 1}, CAST(floor(${retrievabilitySql} * 10) AS INTEGER))`;

/** Packed bin indexes of every studied, active card in scope (suspended ones included: they are still remembered or not), each with how many cards share it. */
export function readMemoryBins(db: Database.Database, scope: ResolvedScope, params: RetrievabilityParams): { packed: number[]; counts: number[] } {
  // Grouped inside SQLite: at most a few hundred rows come out, however many cards there are.
  const rows = db
    .prepare<unknown[], { packed: number; n: number }>(
      `SELECT ${stabilityBinSql} * 100 + ${difficultyBinSql} * 10 + ${retrievabilityBinSql} AS packed, count(*) AS n
       FROM cards WHERE retired = 0 AND state > 0 AND ${hasMemorySql} ${deckCondition(scope, 'deck_id')} GROUP BY 1`,
    )
    .all({ ...params, ...deckParams(scope) });
  return { packed: rows.map((r) => r.packed), counts: rows.map((r) => r.n) };
}

/**
 * The histograms from stability and difficulty bins packed as
 * stability * 100 + difficulty * 10 (the retrievability digit ignored) and
 * retrievability bins apart, both over the same cards.
 */
export function memoryHistogramsFrom(
  sd: { packed: readonly number[]; counts: readonly number[] },
  r: { bins: readonly number[]; counts: readonly number[] },
): Pick<StatsReport['memory'], 'stability' | 'difficulty' | 'retrievability' | 'studied'> {
  const histograms = memoryHistogramsOf(
    sd.packed.map((p) => p - (Math.round(p) % 10)),
    sd.counts,
  );
  const retrievability = retrievabilityBins.map((b): HistogramBin => ({ ...b, count: 0 }));
  r.bins.forEach((bin, i) => (retrievability[bin]!.count += r.counts[i] ?? 0));
  return { ...histograms, retrievability };
}

/** The histograms from packed bin indexes, each standing for `counts[i]` cards (one when no counts are given). */
export function memoryHistogramsOf(
  packed: readonly number[],
  counts?: readonly number[],
): Pick<StatsReport['memory'], 'stability' | 'difficulty' | 'retrievability' | 'studied'> {
  const stability = stabilityBins.map((b): HistogramBin => ({ ...b, count: 0 }));
  const difficulty = difficultyBins.map((b): HistogramBin => ({ ...b, count: 0 }));
  const retrievability = retrievabilityBins.map((b): HistogramBin => ({ ...b, count: 0 }));
  let studied = 0;
  packed.forEach((value, i) => {
    const v = Math.round(value);
    const n = counts?.[i] ?? 1;
    stability[Math.floor(v / 100)]!.count += n;
    difficulty[Math.floor(v / 10) % 10]!.count += n;
    retrievability[v % 10]!.count += n;
    studied += n;
  });
  return { stability, difficulty, retrievability, studied };
}
