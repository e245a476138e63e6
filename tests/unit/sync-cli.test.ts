import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-capture.js';
import { Collection } from '../../electron/core/collection.js';
import { decksDir, tempDir } from '../helpers/test-collection.js';
import { syncedView } from '../helpers/sync-compare.js';

function answerSome(file: string, n: number): void {
  const c = Collection.open({ file, builtinDecksDir: decksDir });
  try {
    for (const card of c.study().cards.slice(0, n)) c.answer({ cardId: card.id, grade: 3, durationMs: 5000 });
  } finally {
    c.close();
  }
}

/** How many cards of the collection are buried (an answer buries its card's siblings, and that travels). */
function buriedIn(file: string): number {
  const c = Collection.open({ file, builtinDecksDir: decksDir });
  try {
    return c.read((db) => db.prepare('SELECT count(*) FROM cards WHERE buried_day <> 0').pluck().get() as number);
  } finally {
    c.close();
  }
}

describe('demarc sync', () => {
  it('runs one full round per call and brings two collections to the same log', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'Sync', 'Demarc');
    fs.mkdirSync(folder, { recursive: true });
    const a = path.join(dir, 'a', 'demarc.sqlite');
    const b = path.join(dir, 'b', 'demarc.sqlite');
    answerSome(a, 3);
    answerSome(b, 2);
    const first = await cli(['sync', '--folder', folder, '--db', a, '--json']);
    expect(first.exit).toBe(0);
    const report = JSON.parse(first.stdout);
    // Three answers, and the burying of their cards' siblings that came with them.
    expect(report).toMatchObject({ wrote: { events: 3 + buriedIn(a) }, devicesSeen: 0 });
    expect((await cli(['sync', '--folder', folder, '--db', b, '--json'])).exit).toBe(0);
    const again = await cli(['sync', '--folder', folder, '--db', a]);
    expect(again.exit).toBe(0);
    expect(again.stdout).toMatch(/New here: 2 answers/);
    expect(again.stdout).toMatch(/Other devices seen: 1/);
    const ca = Collection.open({ file: a });
    const cb = Collection.open({ file: b });
    try {
      expect(syncedView(ca)).toEqual(syncedView(cb));
      expect(syncedView(ca).log).toHaveLength(5);
    } finally {
      ca.close();
      cb.close();
    }
    // Only change files go into the folder, each in its device's subfolder: never a database.
    const all = fs.readdirSync(folder, { recursive: true }) as string[];
    expect(all.filter((n) => /sqlite/.test(n))).toEqual([]);
    expect(all.filter((n) => n.endsWith('.changes'))).toHaveLength(2);
  });

  it('says what is wrong and what helps: missing folder, the collection inside the folder', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'demarc.sqlite');
    const missing = await cli(['sync', '--folder', path.join(dir, 'not-mounted'), '--db', db, '--json']);
    expect(missing.exit).toBe(1);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.parse(missing.stderr).error.message).toMatch(/is not there.*connect it/i);
    const inside = await cli(['sync', '--folder', dir, '--db', db]);
    expect(inside.exit).toBe(2);
    expect(inside.stderr).toMatch(/holds the collection file itself/);
    const none = await cli(['sync', '--db', db]);
    expect(none.exit).toBe(2);
  });
});
