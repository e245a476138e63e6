// An import's transaction runs with SQLite's temporary files in memory (its
// statement journals, db/temp-in-memory.ts); the connection is set back
// afterwards, whether the write returned or threw, and a call inside a
// transaction (where the setting cannot change) or on a connection holding
// temporary objects (which a change would drop) leaves it alone.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { withTempFilesInMemory } from '../../electron/core/db/temp-in-memory.js';
import { tempDir } from '../helpers/test-collection.js';

const memory = 2;

describe('temporary files in memory for one write', () => {
  it('holds during the write and is set back after it, returned or thrown', () => {
    const dir = tempDir();
    const db = openSqliteFile(path.join(dir, 'a.sqlite'));
    try {
      const before = Number(db.pragma('temp_store', { simple: true }));
      expect(before).not.toBe(memory);
      const during = withTempFilesInMemory(db, () => db.transaction(() => Number(db.pragma('temp_store', { simple: true })))());
      expect(during).toBe(memory);
      expect(Number(db.pragma('temp_store', { simple: true }))).toBe(before);
      expect(() => withTempFilesInMemory(db, () => {
        throw new Error('refused');
      })).toThrow('refused');
      expect(Number(db.pragma('temp_store', { simple: true }))).toBe(before);
      // Inside a transaction the setting cannot change: the write runs as it is.
      const inside = db.transaction(() => withTempFilesInMemory(db, () => Number(db.pragma('temp_store', { simple: true }))))();
      expect(inside).toBe(before);
      // Nor on a connection holding temporary objects, which a change would drop.
      db.exec('CREATE TEMP TABLE kept (x)');
      expect(withTempFilesInMemory(db, () => Number(db.pragma('temp_store', { simple: true })))).toBe(before);
      expect(db.prepare('SELECT count(*) FROM temp.kept').pluck().get()).toBe(0);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
