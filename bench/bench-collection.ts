import { writeConnectionOf } from '../tests/helpers/collection-database.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../electron/core/db/open-database.js';
import { generateHistory } from '../electron/core/simulation/generate-history.js';

export const benchCards = Number(process.env.DEMARC_BENCH_CARDS ?? 100_000);
export const benchReviews = Number(process.env.DEMARC_BENCH_REVIEWS ?? 1_000_000);

/** How long generating a collection took: wall-clock and this process's CPU (the machine may be shared). */
export interface GeneratedCollection {
  dir: string;
  file: string;
  generateMs: number;
  generateCpuMs: number;
}

/**
 * The heavy user's collection every benchmark starts from: generated once per
 * run (seeded, so every run measures the same data) and copied for each
 * benchmark that writes. `times` scales it (the `--size` run): that many
 * times the cards and the reviews, simulated over the same days.
 */
export function makeBenchCollection(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-bench-')), times = 1): GeneratedCollection {
  const file = benchCollectionFile(dir, times);
  const db = openDatabase(file);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  generateHistory(writeConnectionOf(db), { seed: 42, cards: benchCards * times, reviews: benchReviews * times, days: 1000 });
  const cpu = process.cpuUsage(cpu0);
  const generateMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dir, file, generateMs, generateCpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Where `makeBenchCollection` puts the collection of that size in `dir`. */
export function benchCollectionFile(dir: string, times: number): string {
  return path.join(dir, times === 1 ? 'heavy.sqlite' : `heavy-${times}x.sqlite`);
}

/** A private copy of the collection for a benchmark that writes. */
export function copyCollection(file: string, name: string): string {
  const copy = path.join(path.dirname(file), `${name}.sqlite`);
  fs.copyFileSync(file, copy);
  // On disk before anything is timed: the copy's pages are otherwise still the system's to write, and the first
  // fsync after it (the first commit's, in the timed path) waited for all of them (110 ms for a 1m copy, where a
  // commit takes about 1 ms).
  const fd = fs.openSync(copy, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return copy;
}

/** Deletes a collection file with its WAL and shared-memory files (a copy once its benchmark is done). */
export function removeCollectionCopy(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}
