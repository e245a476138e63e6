/**
 * Faults around the collection file, not inside SQLite: a truncated copy
 * with its WAL, permissions that change, a file deleted or replaced while
 * the app runs. Each case here failed before the fix it tests (see
 * SECURITY.md, "Durability").
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { DemarcError, ErrorCode } from '../../electron/core/domain/errors.js';
import { decksDir, fileHash, repoRoot, tempDir } from '../helpers/test-collection.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = tempDir('demarc-faults-');
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

function openError(file: string): DemarcError {
  try {
    Collection.open({ file, builtinDecksDir: decksDir }).close();
  } catch (error) {
    if (error instanceof DemarcError) return error;
    throw error;
  }
  throw new Error(`${file} opened, but it should have been refused`);
}

describe('F1: a truncated file with a WAL beside it', () => {
  it('is refused, and neither the file nor its WAL is written', () => {
    const dir = freshDir();
    const live = path.join(dir, 'live', 'collection.sqlite');
    const collection = Collection.open({ file: live, builtinDecksDir: decksDir });
    try {
      collection.db.pragma('wal_checkpoint(TRUNCATE)');
      for (let i = 0; i < 300; i++) collection.answer({ cardId: 1 + (i % 250), grade: 3, durationMs: 1000 });
      // What a crash plus a bad copy leaves: the WAL whole, the main file cut in half.
      const file = path.join(dir, 'copy', 'collection.sqlite');
      fs.mkdirSync(path.dirname(file));
      fs.copyFileSync(live, file);
      fs.copyFileSync(`${live}-wal`, `${file}-wal`);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 8192) * 4096);
      const before = { main: fileHash(file), wal: fileHash(`${file}-wal`) };
      const error = openError(file);
      expect(error.code).toBe(ErrorCode.databaseCorrupt);
      expect(error.message).toMatch(/shorter than its own header says .* write-ahead log collection\.sqlite-wal does not hold the missing pages/);
      expect({ main: fileHash(file), wal: fileHash(`${file}-wal`) }).toEqual(before);
      expect(fs.existsSync(`${file}-shm`)).toBe(false);
    } finally {
      collection.close();
    }
  });

  it('still opens a whole file with its WAL (the usual state after a crash)', () => {
    const dir = freshDir();
    const live = path.join(dir, 'live', 'collection.sqlite');
    const collection = Collection.open({ file: live, builtinDecksDir: decksDir });
    for (let id = 1; id <= 50; id++) collection.answer({ cardId: id, grade: 3, durationMs: 1000 });
    const file = path.join(dir, 'copy', 'collection.sqlite');
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(live, file);
    fs.copyFileSync(`${live}-wal`, `${file}-wal`);
    collection.close();
    const reopened = Collection.open({ file, builtinDecksDir: decksDir });
    expect(reopened.doctor()).toMatchObject({ ok: true, reviews: 50 });
    reopened.close();
  });
});

const nobody = 65534;
const runsAsRoot = process.getuid?.() === 0;

/** Opens the file in a child (as "nobody" when running as root, for whom permission bits hold). */
function openAsUser(file: string): { ok: true } | { ok: false; code: string; message: string } {
  const url = JSON.stringify(pathToFileURL(path.join(repoRoot, 'electron/core/collection.ts')).href);
  const script = `
    import { Collection } from ${url};
    let out;
    try { Collection.open({ file: process.argv[1], builtinDecksDir: ${JSON.stringify(decksDir)} }).close(); out = { ok: true }; }
    catch (error) { out = { ok: false, code: error.code, message: error.message }; }
    process.stdout.write(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20_000,
    ...(runsAsRoot ? { uid: nobody, gid: nobody } : {}),
  });
  if (result.status !== 0) throw new Error(`the child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as { ok: true } | { ok: false; code: string; message: string };
}

describe.skipIf(process.platform === 'win32')('F3: a read-only file made writable again', () => {
  function readOnlyCollection(): string {
    const dir = freshDir();
    const file = path.join(dir, 'collection.sqlite');
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    collection.answer({ cardId: 1, grade: 3, durationMs: 1000 });
    collection.close();
    if (runsAsRoot) for (const target of [dir, file]) fs.chownSync(target, nobody, nobody);
    fs.chmodSync(file, 0o444);
    return file;
  }

  it('leaves no -wal or -shm behind when refused, so chmod 644 is the whole fix', () => {
    const file = readOnlyCollection();
    expect(openAsUser(file)).toMatchObject({ ok: false, code: ErrorCode.databaseReadOnly });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['collection.sqlite']);
    fs.chmodSync(file, 0o644);
    expect(openAsUser(file)).toEqual({ ok: true });
  });

  it('names read-only -wal/-shm files left by an older version, so the user knows what to fix', () => {
    const file = readOnlyCollection();
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-shm`, '');
    if (runsAsRoot) fs.chownSync(`${file}-shm`, nobody, nobody);
    fs.chmodSync(`${file}-shm`, 0o444);
    expect(openAsUser(file)).toMatchObject({ ok: false, code: ErrorCode.databaseReadOnly, message: expect.stringMatching(/collection\.sqlite-shm/) as unknown });
  });
});
