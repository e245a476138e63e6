import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-capture.js';
import { tempDir } from '../helpers/test-collection.js';

describe('the CLI', () => {
  it('lists the built-in decks of a new collection as JSON', async () => {
    const db = path.join(tempDir(), 'new.sqlite');
    const { exit, stdout } = await cli(['decks', '--json', '--db', db]);
    expect(exit).toBe(0);
    const decks = JSON.parse(stdout) as { id: string; serviceType: string; counts: { new: number }; newToday: number }[];
    expect(decks.length).toBeGreaterThanOrEqual(10);
    expect(decks.map((d) => d.serviceType)).toContain('iaas');
    expect(decks.every((d) => d.counts.new > 0)).toBe(true);
  });

  it('backs up and checks a collection', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.sqlite');
    const backup = await cli(['backup', '--out', path.join(dir, 'copy.sqlite'), '--db', db, '--json']);
    expect(backup.exit).toBe(0);
    expect(JSON.parse(backup.stdout).bytes).toBeGreaterThan(0);
    const doctor = await cli(['doctor', '--db', path.join(dir, 'copy.sqlite'), '--json']);
    expect(doctor.exit).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, problems: [] });
    // Without --json, each check is printed on stderr as it begins.
    const spoken = await cli(['doctor', '--db', path.join(dir, 'copy.sqlite')]);
    expect(spoken.exit).toBe(0);
    expect(spoken.stderr).toMatch(/^\s*\d+% checking cards…$/m);
    expect(spoken.stderr).toMatch(/^\s*\d+% checking review_log…$/m);
    expect(spoken.stderr).toMatch(/^\s*\d+% checking the whole file…$/m);
    expect(spoken.stdout).toMatch(/: ok\n/);
  });

  it('fails clearly: unknown command, bad option, missing argument', async () => {
    expect((await cli(['frobnicate'])).exit).toBe(2);
    const bad = await cli(['decks', '--colour']);
    expect(bad.exit).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option/);
    const missing = await cli(['backup', '--db', path.join(tempDir(), 'x.sqlite'), '--json']);
    expect(missing.exit).toBe(2);
    expect(JSON.parse(missing.stderr).error.code).toBe('INVALID_ARGUMENT');
  });

  it('refuses a file that is not a collection, with a message that says so', async () => {
    const { exit, stderr } = await cli(['decks', '--db', path.join(import.meta.dirname, '..', '..', 'package.json')]);
    expect(exit).toBe(1);
    expect(stderr).toMatch(/not a Demarc collection/);
  });

  it('offers the latest backup for a damaged collection, and restores it keeping the damaged file', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.sqlite');
    expect((await cli(['backup', '--out', path.join(dir, 'backups', 'daily-2026-01-01.sqlite'), '--db', db])).exit).toBe(0);
    fs.rmSync(`${db}-wal`, { force: true });
    fs.rmSync(`${db}-shm`, { force: true });
    fs.writeFileSync(db, Buffer.alloc(8192, 7));
    const broken = await cli(['decks', '--db', db]);
    expect(broken.exit).toBe(1);
    expect(broken.stderr).toMatch(/latest backup is .*daily-2026-01-01\.sqlite/);
    const restored = await cli(['restore', '--db', db, '--json']);
    expect(restored.exit).toBe(0);
    const kept = JSON.parse(restored.stdout).previousKeptAs as string;
    expect(fs.readFileSync(kept)).toEqual(Buffer.alloc(8192, 7));
    expect((await cli(['decks', '--db', db])).exit).toBe(0);
  });

  it('prints help', async () => {
    const { exit, stdout } = await cli(['--help']);
    expect(exit).toBe(0);
    expect(stdout).toMatch(/decks/);
  });
});
