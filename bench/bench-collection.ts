import { writeConnectionOf } from '../tests/helpers/collection-database.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../electron/core/db/open-database.js';
import { generateHistory } from '../electron/core/simulation/generate-history.js';

export const benchCards = Number(process.env.DEMARC_BENCH_CARDS ?? 100_000);
export const benchReviews = Number(process.env.DEMARC_BENCH_REVIEWS ?? 1_000_000);

/**
 * The heavy user's collection every benchmark starts from: generated once per
 * run (seeded, so every run measures the same data) and copied for each
 * benchmark that writes.
 */
export function makeBenchCollection(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-bench-'))): { dir: string; file: string; generateMs: number } {
  const file = path.join(dir, 'heavy.sqlite');
  const db = openDatabase(file);
  const t0 = performance.now();
  generateHistory(writeConnectionOf(db), { seed: 42, cards: benchCards, reviews: benchReviews, days: 1000 });
  const generateMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dir, file, generateMs };
}

/** A private copy of the collection for a benchmark that writes. */
export function copyCollection(file: string, name: string): string {
  const copy = path.join(path.dirname(file), `${name}.sqlite`);
  fs.copyFileSync(file, copy);
  return copy;
}
