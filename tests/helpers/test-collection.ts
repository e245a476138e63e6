import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from './collection-database.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const decksDir = path.join(repoRoot, 'decks');

/** A settable clock, starting at a fixed local time (a Wednesday, 10:00). */
export class TestClock {
  constructor(public value = new Date(2026, 2, 4, 10, 0, 0).getTime()) {}
  now = (): number => this.value;
  advance(ms: number): void {
    this.value += ms;
  }
  advanceDays(days: number): void {
    this.value += days * 86_400_000;
  }
}

/**
 * In-memory collections with the built-in decks, built once per test process
 * for each moment they were opened at: migrating and loading the decks takes
 * about ten times as long as copying the result. Loading the decks depends
 * only on the deck files and the clock (no randomness), so a copy holds
 * exactly what opening a new one would.
 */
const builtinImages = new Map<number, Buffer>();

function builtinImageAt(at: number): Buffer {
  let image = builtinImages.get(at);
  if (!image) {
    const built = Collection.open({ file: ':memory:', builtinDecksDir: decksDir, now: () => at });
    image = databaseOf(built).serialize();
    built.close();
    builtinImages.set(at, image);
  }
  return image;
}

export function openTestCollection(options: { clock?: TestClock; builtin?: boolean; file?: string } = {}): { collection: Collection; clock: TestClock } {
  const clock = options.clock ?? new TestClock();
  const file = options.file ?? ':memory:';
  const builtin = options.builtin !== false;
  const collection =
    builtin && file === ':memory:'
      ? Collection.open({ file, image: builtinImageAt(clock.now()), now: clock.now })
      : Collection.open({ file, builtinDecksDir: builtin ? decksDir : undefined, now: clock.now });
  return { collection, clock };
}

export function tempDir(prefix = 'demarc-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every row of the tables that hold the user's data, in a stable order. */
export function dumpTables(db: Database.Database, tables = ['decks', 'cards', 'review_log', 'settings', 'daily_reviews']): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    out[table] = db
      .prepare(`SELECT * FROM ${table}`)
      .all()
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row) as unknown);
  }
  return out;
}

export function checksum(db: Database.Database): string {
  return createHash('sha256').update(JSON.stringify(dumpTables(db))).digest('hex');
}

export function fileHash(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
