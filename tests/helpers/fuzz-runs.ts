/**
 * How many cases a property runs. `npm test` runs each property's quick
 * count, chosen so that a fuzz file takes seconds; `npm run fuzz` sets
 * DEMARC_FUZZ_RUNS (20,000) and every property runs that many. Seeds are
 * fixed, so the quick run is the first cases of the long one and a failure
 * in either replays.
 */
export function fuzzRuns(quick: number): number {
  const set = process.env.DEMARC_FUZZ_RUNS;
  if (set === undefined || set === '') return quick;
  const runs = Number(set);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`DEMARC_FUZZ_RUNS must be a whole number of cases, not "${set}"`);
  return runs;
}

/** True under `npm run fuzz` (DEMARC_FUZZ_RUNS set): properties with a count of their own run their long count. */
export function longFuzz(): boolean {
  return Boolean(process.env.DEMARC_FUZZ_RUNS);
}
