import fs from 'node:fs';
import { openSqliteFile, type SqliteDatabase } from '../db/sqlite-file.js';
import type { ReportProgress } from '../db/worker-run.js';
import type { DoctorReport } from '../domain/types.js';
import { oneRow } from '../db/typed-statements.js';

/**
 * `demarc doctor` on a collection file: on a read-only, memory-mapped
 * connection of its own (two to three times faster than on the app's
 * read-write one), so it runs on a worker thread beside the app
 * (doctor-in-worker.ts) or in place (the CLI's fallback, tests).
 * `storageProblems`: the collection file gone from under the app, failed
 * background upkeep (with what helps), as the app knows them.
 */
export function doctorReportOfFile(file: string, storageProblems: string[], report: ReportProgress = () => {}): DoctorReport {
  const db = openSqliteFile(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('mmap_size = 1073741824');
    // One snapshot for every check: answers committed meanwhile are not half seen.
    db.exec('BEGIN');
    try {
      db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
      return doctorReport(db, file, storageProblems, report);
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

/**
 * SQLite's own checks plus the invariants Demarc relies on, reporting
 * progress as it goes. SQLite's `integrity_check` says nothing until it ends,
 * so it runs one table at a time (each table with its indexes and, for the
 * card text index, FTS5's own check), then `quick_check` over the whole file
 * for what only a whole-file check sees (the free list, pages nothing uses).
 * Together they check what one `integrity_check` does.
 */
export function doctorReport(db: SqliteDatabase, file: string, storageProblems: string[], report: ReportProgress = () => {}): DoctorReport {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
  const steps = tables.length + 3;
  const integrity = new Set<string>();
  const addMessages = (rows: Record<string, string>[]) => {
    for (const row of rows) {
      const message = Object.values(row)[0] ?? '';
      if (message !== 'ok') integrity.add(message.replace(/\s+/g, ' ').trim());
    }
  };
  tables.forEach((name, index) => {
    report(`checking ${name}`, index / steps);
    addMessages(db.pragma(`integrity_check(${quoteIdentifier(name)})`) as Record<string, string>[]);
  });
  report('checking the whole file', tables.length / steps);
  addMessages(db.pragma('quick_check') as Record<string, string>[]);
  report('checking references', (tables.length + 1) / steps);
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  const count = (sql: string) => oneRow(db.prepare<[], number>(sql).pluck().get());
  const problems: string[] = [];
  problems.push(...[...integrity].map((m) => `integrity: ${m}`));
  if (foreignKeys.length) problems.push(`${foreignKeys.length} rows point to missing cards or decks`);
  problems.push(...storageProblems);
  report('checking card content and memory states', (tables.length + 2) / steps);
  const badContent = count('SELECT count(*) FROM cards WHERE json_valid(content) = 0');
  if (badContent) problems.push(`${badContent} cards have unreadable content`);
  const badState = count('SELECT count(*) FROM cards WHERE state > 0 AND (stability <= 0 OR last_review IS NULL)');
  if (badState) problems.push(`${badState} studied cards have no memory state`);
  return {
    ok: problems.length === 0,
    file,
    sizeBytes: file === ':memory:' ? 0 : fs.statSync(file).size,
    decks: count('SELECT count(*) FROM decks'),
    cards: count('SELECT count(*) FROM cards'),
    reviews: count('SELECT count(*) FROM review_log'),
    problems,
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
