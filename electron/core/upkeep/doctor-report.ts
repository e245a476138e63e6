import type Database from 'better-sqlite3';
import fs from 'node:fs';
import type { DoctorReport } from '../domain/types.js';

/** `demarc doctor`: SQLite's own checks plus the invariants Demarc relies on. */
export function doctorReport(db: Database.Database, file: string, lastBackgroundError: string | null): DoctorReport {
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const problems: string[] = [];
  const messages = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  problems.push(...messages.map((m) => `integrity: ${m}`));
  if (foreignKeys.length) problems.push(`${foreignKeys.length} rows point to missing cards or decks`);
  if (lastBackgroundError) problems.push(`the last automatic backup or checkpoint failed: ${lastBackgroundError}`);
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
