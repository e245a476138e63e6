// The hostile Anki collections of the import review: each is refused (or
// read harmlessly) at once, with a message naming the file, and the
// collection is unchanged when refused.
import { openScratchCopy, openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { readAnkiCollection } from '../../electron/core/importing/anki-collection.js';
import { neutraliseSchema } from '../../electron/core/importing/anki-schema-guard.js';
import { buildCollection } from '../fixtures/anki-fixture.js';
import { expectImportRefused } from '../helpers/import-refusal.js';
import { alterCollection, apkg, cpuHangExpression, generatedFieldsCollection, heapCrashExpression, smallCollection } from '../fixtures/hostile-anki.js';

let c: Collection;
beforeEach(() => {
  c = Collection.open({ file: ':memory:', now: () => Date.UTC(2025, 0, 15, 12) });
  c.runImport('existing.csv', Buffer.from('front,back\nA,1\nB,2\n'), {});
});
afterEach(() => c.close());

const expectRefused = (fileName: string, bytes: Uint8Array, message: RegExp) => expectImportRefused(c, fileName, bytes, ErrorCode.invalidFile, message);

describe('an Anki collection whose schema runs SQL is refused before anything is evaluated', () => {
  it('refuses a generated column that would cost seconds per row (the CPU hang)', () => {
    expectRefused('cpu.apkg', apkg(generatedFieldsCollection(cpuHangExpression)), /table "notes" has a computed column \("flds"\)/);
  });

  it('refuses a generated column that builds a 400 MB string (the heap crash)', () => {
    expectRefused('heap.apkg', apkg(generatedFieldsCollection(heapCrashExpression)), /computed column/);
  });

  it('refuses a view, or a virtual table, in place of a table', () => {
    const base = buildCollection(smallCollection(), 11);
    const view = alterCollection(base, 'ALTER TABLE cards RENAME TO real_cards; CREATE VIEW cards AS SELECT * FROM real_cards;');
    // Views are dropped from the private copy before anything is read, so the table is simply missing.
    expectRefused('view.apkg', apkg(view), /table "cards" is missing/);
    const virtual = alterCollection(base, 'DROP TABLE notes; CREATE VIRTUAL TABLE notes USING fts5(id, guid, mid, tags, flds);');
    expectRefused('virtual.apkg', apkg(virtual), /"notes" is not an ordinary table/);
  });

  it('ignores views and triggers beside the tables it reads', () => {
    const withExtras = alterCollection(
      buildCollection(smallCollection(), 11),
      `CREATE VIEW slow AS SELECT printf('%.*c', 400000000, 'x');
       CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT printf('%.*c', 400000000, 'x'); END;`,
    );
    const summary = c.runImport('extras.apkg', Buffer.from(apkg(withExtras)), {});
    expect(summary.added).toBe(3);
  });
});

describe('bounded fields', () => {
  it('refuses a note whose fields are longer than the limit, without handing the whole value over', () => {
    const huge = alterCollection(buildCollection(smallCollection(1), 11), "UPDATE notes SET flds = hex(randomblob(2000001))");
    expectRefused('huge.apkg', apkg(huge), /the fields of note 1 is longer than 4,000,000 characters/);
  });
});

describe('Anki ids of 2^53 and more', () => {
  it('reads them losslessly: each review lands on its own card', () => {
    // 2^53 and 2^53 + 1 are the same JavaScript number.
    const big = 9007199254740992n;
    const col = smallCollection(2);
    const bytes = alterCollection(
      buildCollection({ ...col, revlog: [] }, 11),
      `UPDATE cards SET id = ${big} WHERE id = 100;
       UPDATE cards SET id = ${big + 1n} WHERE id = 101;
       INSERT INTO revlog VALUES (1736900000000, ${big + 1n}, 0, 3, 1, 0, 2500, 5000, 1);
       INSERT INTO revlog VALUES (1736900100000, ${big + 1n}, 0, 3, 1, 0, 2500, 5000, 1);
       INSERT INTO revlog VALUES (1736900200000, ${big + 1n}, 0, 3, 1, 0, 2500, 5000, 1);`,
    );
    const read = readAnkiCollection('big.apkg', 'collection.anki21', bytes, { includeHistory: true });
    expect(read.cards.map((card) => card.id)).toEqual([big, big + 1n]);
    expect(read.revlog.every((r) => r.cid === big + 1n)).toBe(true);
    c.runImport('big.apkg', Buffer.from(apkg(bytes)), {});
    const counts = databaseOf(c)
      .prepare("SELECT c.content, count(r.id) AS n FROM cards c LEFT JOIN review_log r ON r.card_id = c.id WHERE c.deck_id <> (SELECT deck_id FROM cards WHERE source = 'existing.csv' LIMIT 1) GROUP BY c.id ORDER BY c.content")
      .all() as { content: string; n: number }[];
    expect(counts.map((r) => [JSON.parse(r.content).front, r.n])).toEqual([
      ['Front 0', 0],
      ['Front 1', 3],
    ]);
  });
});

describe('the unicase rewrite', () => {
  it('rewrites every table of a schema where every table uses unicase (a /g regex once skipped every other row)', () => {
    const db = openSqliteFile(':memory:');
    try {
      const names = ['col', 'notes', 'cards', 'decks', 'notetypes', 'fields', 'templates', 'config', 'tags'];
      for (const name of names) db.exec(`CREATE TABLE ${name} (id integer primary key, name text COLLATE NOCASE)`);
      db.unsafeMode(true);
      db.pragma('writable_schema = ON');
      db.exec("UPDATE sqlite_master SET sql = replace(sql, 'COLLATE NOCASE', 'COLLATE unicase')");
      db.pragma('writable_schema = OFF');
      const reopened = openScratchCopy(db.serialize());
      try {
        neutraliseSchema(reopened);
        const left = reopened.prepare("SELECT name FROM sqlite_master WHERE sql LIKE '%unicase%'").pluck().all();
        expect(left).toEqual([]);
        for (const name of names) expect(() => reopened.prepare(`SELECT * FROM ${name} ORDER BY name`).all()).not.toThrow();
      } finally {
        reopened.close();
      }
    } finally {
      db.close();
    }
  });
});
