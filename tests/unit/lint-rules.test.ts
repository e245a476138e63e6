import { createRequire } from 'node:module';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** One linter for the file: loading the project's config (and its plugins) is most of what a new one costs. */
let linter: ESLint | undefined;

/** The project's own lint rules, run on snippets as if they sat at the given paths. */
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const eslint = (linter ??= new ESLint({ cwd: process.cwd() }));
  const results = await eslint.lintText(code, { filePath });
  return (results[0]?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint rules', () => {
  it('forbids opening SQLite with new Database( outside electron/core/db/sqlite-file.ts', async () => {
    const snippet = "import Database from 'better-sqlite3';\nexport const db = new Database('x.sqlite');\n";
    for (const where of ['electron/core/importing/reader.ts', 'electron/main/shell.ts', 'bench/metrics/x.ts', 'tests/unit/x.test.ts']) {
      const messages = await ruleIds(snippet, where);
      expect(messages.filter((m) => m.includes('openSqliteFile')), where).toHaveLength(1);
      expect(messages.filter((m) => m.includes('Only electron/core/db/sqlite-file.ts loads better-sqlite3')), where).toHaveLength(1);
    }
  });

  it('allows type imports of better-sqlite3 and the opener itself', async () => {
    expect(await ruleIds("import type Database from 'better-sqlite3';\nexport type Db = Database.Database;\n", 'electron/core/stats/x.ts')).toEqual([]);
    const opener = "import Database from 'better-sqlite3';\nexport const open = (f: string) => new Database(f);\n";
    expect(await ruleIds(opener, 'electron/core/db/sqlite-file.ts')).toEqual([]);
  });

  it('keeps Electron out of the core', async () => {
    const messages = await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'electron/core/x.ts');
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it("keeps the collection's connection private outside tests and benchmarks", async () => {
    const snippet = "import type { Collection } from './collection.js';\nexport const rows = (c: Collection) => c['db'].prepare('SELECT 1').all();\n";
    expect((await ruleIds(snippet, 'electron/api/x.ts')).some((m) => m.includes("connection is private"))).toBe(true);
    expect((await ruleIds(snippet, 'tests/helpers/x.ts')).some((m) => m.includes("connection is private"))).toBe(false);
    // The SQLite-opener rule still holds where both apply.
    expect((await ruleIds("import Database from 'better-sqlite3';\nexport const d = new Database('x');\n", 'electron/api/x.ts')).some((m) => m.includes('openSqliteFile'))).toBe(true);
  });

  describe('one door for writes', () => {
    const head = "import type Database from 'better-sqlite3';\nimport type { WriteConnection } from '../db/collection-door.js';\nimport { cached } from '../db/statement-cache.js';\n";
    const door = async (body: string, where = 'electron/core/cards/x.ts') =>
      (await ruleIds(head + body, where)).filter((m) => m.startsWith('demarc/write-through-door')).length;

    it('refuses data-changing SQL on a plain connection, however the SQL arrives', async () => {
      expect(await door("export const f = (db: Database.Database) => db.prepare('UPDATE cards SET flag = 1').run();\n")).toBe(1);
      expect(await door("export const f = (db: Database.Database) => db.exec(`\n  -- why\n  DELETE FROM review_log`);\n")).toBe(1);
      expect(await door("const sql = 'INSERT OR REPLACE INTO meta (key, value) VALUES (1, 2)';\nexport const f = (db: Database.Database) => db.prepare(sql).run();\n")).toBe(1);
      expect(await door("export const f = (db: Database.Database) => cached(db, 'REPLACE INTO settings VALUES (1, 2)').run();\n")).toBe(1);
      expect(await door("export class W {\n  constructor(private readonly db: Database.Database) {}\n  go() { this.db.prepare('DELETE FROM cards').run(); }\n}\n")).toBe(1);
    });

    it('allows it on what the door hands out, and reads anywhere', async () => {
      expect(await door("export const f = (db: WriteConnection) => db.prepare('UPDATE cards SET flag = 1').run();\n")).toBe(0);
      expect(await door("export const f = (c: { write(w: (db: Database.Database) => void): void }) => c.write((db) => db.prepare('DELETE FROM cards').run());\n")).toBe(0);
      expect(await door("export class W {\n  constructor(private readonly db: WriteConnection) {}\n  go() { this.db.prepare('DELETE FROM cards').run(); }\n}\n")).toBe(0);
      expect(await door("export const f = (db: Database.Database) => db.prepare('SELECT * FROM cards WHERE updated > 0').all();\n")).toBe(0);
      expect(await door("import { openScratchCopy } from '../db/sqlite-file.js';\nexport const f = (b: Buffer) => openScratchCopy(b).prepare('DELETE FROM notes').run();\n")).toBe(0);
      expect(await door("import { openScratchCopy } from '../db/sqlite-file.js';\nexport const f = (b: Buffer) => { const db = openScratchCopy(b); db.prepare('DELETE FROM notes').run(); };\n")).toBe(0);
    });

    it('lets only the storage floor and collection.ts make a write connection', async () => {
      const cast = "export const f = (db: Database.Database) => (db as WriteConnection).prepare('DELETE FROM cards').run();\n";
      expect(await door(cast, 'electron/api/x.ts')).toBeGreaterThan(0);
      expect(await door(cast, 'electron/core/db/x.ts')).toBe(0);
      expect(await door(cast, 'electron/core/collection.ts')).toBe(0);
    });
  });

  it('refuses casts of SQL rows where statements are typed, keeping the other rules there', async () => {
    const head = "import type Database from 'better-sqlite3';\nimport { cached } from './statement-cache.js';\n";
    const rowCasts = async (body: string) => (await ruleIds(head + body, 'electron/core/db/x.ts')).filter((m) => m.includes('Type the statement instead of its rows'));
    for (const cast of [
      "export const a = (db: Database.Database) => db.prepare('SELECT id FROM cards').all() as { id: number }[];\n",
      "export const a = (db: Database.Database) => db.prepare('SELECT count(*) FROM cards').pluck().get() as number;\n",
      "export const a = (db: Database.Database) => <string[]>cached(db, 'SELECT key FROM cards').pluck().all();\n",
      "export const a = (db: Database.Database) => [...(db.prepare('SELECT id FROM cards').iterate() as IterableIterator<{ id: number }>)];\n",
      "export const a = (door: { read<T>(w: (db: Database.Database) => T): T }) => door.read((db) => db.prepare('SELECT id FROM cards').all()) as { id: number }[];\n",
    ]) expect(await rowCasts(cast), cast).toHaveLength(1);
    expect(await rowCasts("export const a = (db: Database.Database) => db.prepare<[], { id: number }>('SELECT id FROM cards').all();\n")).toEqual([]);
    expect((await ruleIds("import Database from 'better-sqlite3';\nexport const d = new Database('x');\n", 'electron/core/db/x.ts')).some((m) => m.includes('openSqliteFile'))).toBe(true);
  });

  it('lets the renderer import the back end only through the wire types', async () => {
    const at = 'renderer/src/lib/x.ts';
    const restricted = async (code: string) => (await ruleIds(code, at)).some((m) => m.startsWith('no-restricted-imports'));
    expect(await restricted("import type { Settings } from '../../../electron/core/settings/settings-schema';\nexport type S = Settings;\n")).toBe(true);
    expect(await restricted("import type { Settings } from '../../../electron/api/wire-types';\nexport type S = Settings;\n")).toBe(false);
  });
});

describe('the floors (dependency-cruiser)', () => {
  it('hold on the whole tree: no circles, nothing imports upward, the renderer through one module', async () => {
    const { cruise } = await import('dependency-cruiser');
    const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };
    const result = await cruise(['electron', 'renderer/src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] }; modules: { source: string }[] };
    expect(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
    // Not vacuous: the cruise saw every floor and the renderer's Svelte files.
    const sources = output.modules.map((m) => m.source);
    for (const floor of ['electron/core/domain/', 'electron/core/text/', 'electron/core/db/', 'electron/core/cards/', 'electron/core/collection.ts', 'electron/core/jobs/', 'electron/api/', 'renderer/src/']) {
      expect(sources.some((source) => source.startsWith(floor)), floor).toBe(true);
    }
    expect(sources.filter((source) => source.endsWith('.svelte')).length).toBeGreaterThan(20);
    // A cruise of the whole tree parses every module: seconds when the machine is quiet, more when it is shared.
  }, 120_000);
});
