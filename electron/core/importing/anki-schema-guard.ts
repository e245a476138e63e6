import type Database from 'better-sqlite3';
import type { ScratchConnection } from '../db/sqlite-file.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';

/**
 * The package's schema is the attacker's: a generated column, a view or a
 * trigger is SQL that SQLite runs inside our process when the table is read
 * (a generated `printf('%.*c', 4e8, 'x')` column exhausts the heap, a
 * recursive one burns CPU for hours). So, on the private in-memory copy:
 *
 * - `COLLATE unicase` (only Anki has it) is rewritten to `NOCASE`;
 * - views and triggers are dropped from the schema text (we read tables only);
 * - the tables we read must be ordinary tables (not views, not virtual) with
 *   no generated columns; otherwise the file is refused.
 *
 * The caller runs with `trusted_schema=OFF` as a further lock.
 */
export function neutraliseSchema(db: ScratchConnection): void {
  const rows = db.prepare<[], { rowid: number | bigint; type: string; sql: string | null }>('SELECT rowid, type, sql FROM sqlite_master').all();
  // One non-global pattern to test, a fresh global one to replace: a shared /g regex keeps lastIndex between calls to .test().
  const changed = rows.filter((r) => r.sql !== null && hasUnicase.test(r.sql) && r.type !== 'view' && r.type !== 'trigger');
  const dropped = rows.filter((r) => r.type === 'view' || r.type === 'trigger');
  if (!changed.length && !dropped.length) return;
  db.unsafeMode(true);
  const version = Number(db.pragma('schema_version', { simple: true }));
  db.pragma('writable_schema = ON');
  const update = db.prepare('UPDATE sqlite_master SET sql = ? WHERE rowid = ?');
  const remove = db.prepare('DELETE FROM sqlite_master WHERE rowid = ?');
  db.transaction(() => {
    for (const r of changed) update.run(r.sql!.replace(/collate\s+(["'`]?)unicase\1/gi, 'COLLATE NOCASE'), r.rowid);
    for (const r of dropped) remove.run(r.rowid);
  })();
  db.pragma(`schema_version = ${version + 1}`);
  db.pragma('writable_schema = OFF');
  db.unsafeMode(false);
}

const hasUnicase = /collate\s+(["'`]?)unicase\1/i;

/** Refuses a table we are about to read unless it is an ordinary table whose columns are all stored values. */
export function requirePlainTable(db: Database.Database, table: string, where: string): void {
  const row = db.prepare<[string], { type: string; sql: string | null }>("SELECT type, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE").get(table);
  if (!row) throw new DemarcError(ErrorCode.invalidFile, `${where}: not an Anki collection (table "${table}" is missing).`);
  if (row.type !== 'table' || /^\s*create\s+virtual\b/i.test(row.sql ?? '')) {
    throw new DemarcError(ErrorCode.invalidFile, `${where}: "${table}" is not an ordinary table; the collection was refused.`);
  }
  // table_xinfo marks generated columns hidden = 2 (virtual) or 3 (stored), hidden columns of virtual tables 1.
  const columns = db.pragma(`table_xinfo("${table.replace(/"/g, '""')}")`) as { name: string; hidden: number | bigint }[];
  const generated = columns.filter((c) => Number(c.hidden) !== 0);
  if (generated.length) {
    throw new DemarcError(
      ErrorCode.invalidFile,
      `${where}: table "${table}" has a computed column ("${generated[0]!.name}"); a collection's columns must hold stored values, so it was refused.`,
    );
  }
}
