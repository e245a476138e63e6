// A CSV file of 50,000 rows imports whole: more rows than SQLite takes
// variables in one statement (32,766), so no step of the import may bind
// one variable per row. Its size is what it proves: a long proof, run by
// `npm test` and left out of `npm run test:fast` (tests/setup/test-projects.ts).
// Its speed is measured by `npm run bench` (import_csv_50k_ms), never here.
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';

describe('CSV import', () => {
  it('imports 50,000 rows', () => {
    const c = Collection.open({ file: ':memory:', now: () => Date.UTC(2025, 0, 15, 12) });
    try {
      const lines = ['front,back,tags'];
      for (let i = 0; i < 50_000; i++) lines.push(`Question number ${i},"Answer, number ${i}",tag${i % 20}`);
      const s = c.runImport('big.csv', Buffer.from(lines.join('\n'), 'utf8'), {});
      expect(s.added).toBe(50_000);
      expect(databaseOf(c).prepare("SELECT count(*) FROM cards WHERE deck_id = 'import-big'").pluck().get()).toBe(50_000);
    } finally {
      c.close();
    }
  }, 120_000);
});
