import type { SqliteDatabase } from '../db/sqlite-file.js';
import { latestSchemaVersion, schemaAt, schemaOf, schemaVersion, type SchemaEntry } from '../db/migrate.js';
import { oneRow } from '../db/typed-statements.js';

/**
 * A backup is restored over the collection, so it is input like any file:
 * one whose schema carries a trigger of its own (say, one that deletes every
 * card on the next answer), a view, an extra table or a changed definition
 * would bring that SQL into the app. It must be Demarc's own schema, entry
 * for entry and word for word, at a version this build opens (older ones
 * are migrated on open; a newer one is refused there anyway). Checked
 * before anything else reads the file, quick_check included: the schema's
 * SQL (a CHECK constraint, a generated column) runs when rows are checked.
 * Returns what is wrong, or nothing.
 */
export function backupSchemaProblems(db: SqliteDatabase): string[] {
  const version = schemaVersion(db);
  if (version > latestSchemaVersion) return [`it was written by a newer Demarc (schema ${version}; this version opens up to ${latestSchemaVersion})`];
  if (version < 1) return ['it is not a Demarc collection (it has no schema version)'];
  const expected = new Map(schemaAt(version).map((e) => [keyOf(e), e]));
  const entries = oneRow(db.prepare<[], number>('SELECT count(*) FROM sqlite_schema').pluck().get());
  if (entries > expected.size + 100) return [`not Demarc's own schema: ${entries} entries where Demarc has ${expected.size}`];
  const actual = new Map(schemaOf(db).map((e) => [keyOf(e), e]));
  const problems: string[] = [];
  for (const [key, entry] of actual) {
    const own = expected.get(key);
    if (!own) problems.push(`${describe(entry)} that Demarc's schema does not have`);
    else if (own.sql !== entry.sql || own.tbl_name !== entry.tbl_name) problems.push(`${describe(entry)} defined differently from Demarc's`);
  }
  for (const [key, entry] of expected) if (!actual.has(key)) problems.push(`no ${describe(entry)}`);
  // A few are enough to say what is wrong; a crafted file may carry thousands.
  return problems.length === 0 ? [] : [`not Demarc's own schema: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`];
}

function keyOf(entry: SchemaEntry): string {
  return `${entry.type}\u0000${entry.name}`;
}

function describe(entry: SchemaEntry): string {
  return `${entry.type} "${entry.name.slice(0, 60)}"`;
}
