import type { Metric } from '../bench-stats.js';

export async function importBench(_file: string): Promise<Metric[]> {
  return [];
}
