import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { readWalCoverage, walCoversShortFile } from '../../electron/core/db/wal-coverage.js';
import { tempDir } from '../helpers/test-collection.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { DemarcError } from '../../electron/core/domain/errors.js';

/** openDatabase's size check only: a file that is not a Demarc collection fails later, as DATABASE_FOREIGN. */
function checkHeaderOf(file: string): void {
  try {
    openDatabase(file).close();
  } catch (error) {
    if (error instanceof DemarcError && error.code === 'DATABASE_FOREIGN') return;
    throw error;
  }
}

/**
 * A main file checkpointed at 1 page of table data, then grown inside the WAL
 * only (auto-checkpoint off): copies of both, as a crash would leave them.
 */
function grownInWal(): { file: string; pageSize: number } {
  const dir = tempDir('demarc-wal-');
  const live = path.join(dir, 'live.sqlite');
  const db = openSqliteFile(live);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x TEXT); CREATE TABLE u (x TEXT)');
  const fill = db.prepare('INSERT INTO u VALUES (?)');
  for (let i = 0; i < 50; i++) fill.run('u'.repeat(500));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run('x'.repeat(500));
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const file = path.join(dir, 'copy.sqlite');
  fs.copyFileSync(live, file);
  fs.copyFileSync(`${live}-wal`, `${file}-wal`);
  db.close();
  return { file, pageSize };
}

describe('WAL coverage of a short main file', () => {
  it('counts only committed frames, and finds every page the main file lacks', () => {
    const { file, pageSize } = grownInWal();
    const coverage = readWalCoverage(`${file}-wal`, pageSize);
    const mainPages = fs.statSync(file).size / pageSize;
    expect(coverage.committedPages).toBeGreaterThan(mainPages + 10);
    // As a crash inside a checkpoint leaves it: the main file short of what the WAL commits, all of it in the WAL.
    expect(walCoversShortFile(`${file}-wal`, fs.statSync(file).size, pageSize, coverage.committedPages)).toBe(true);
    // Page 1 already rewritten with the grown page count, later pages not yet: still opened, and whole.
    const fd = fs.openSync(file, 'r+');
    const count = Buffer.alloc(4);
    count.writeUInt32BE(coverage.committedPages);
    fs.writeSync(fd, count, 0, 4, 28);
    fs.closeSync(fd);
    expect(() => checkHeaderOf(file)).not.toThrow();
  });

  it('does not cover a main file cut below pages that only it held', () => {
    const { file, pageSize } = grownInWal();
    const coverage = readWalCoverage(`${file}-wal`, pageSize);
    // Table u's pages were checkpointed before the WAL was written, and only the main file holds them.
    expect(coverage.pages.has(4)).toBe(false);
    expect(walCoversShortFile(`${file}-wal`, pageSize, pageSize, coverage.committedPages)).toBe(false);
  });

  it('ignores a WAL whose frames do not check out', () => {
    const { file, pageSize } = grownInWal();
    const wal = fs.readFileSync(`${file}-wal`);
    wal.writeUInt32BE((wal.readUInt32BE(32 + 16) ^ 1) >>> 0, 32 + 16); // the first frame's checksum
    fs.writeFileSync(`${file}-wal`, wal);
    expect(readWalCoverage(`${file}-wal`, pageSize)).toEqual({ pages: new Set(), committedPages: 0 });
  });
});
