/**
 * The sizes `npm run bench -- --size` knows, as multiples of the benchmark's
 * collection (100,000 cards and about 1,000,000 reviews): each is simulated
 * at that size, cards and reviews in the same proportion.
 */
export const benchSizes = { '1m': 1, '3m': 3, '10m': 10 } as const;
export type BenchSize = keyof typeof benchSizes;

export function isBenchSize(s: string): s is BenchSize {
  return Object.hasOwn(benchSizes, s);
}
