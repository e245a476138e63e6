// Long cards through the sync folder: 200 cards of 90,000 characters (about
// 18 MiB of card events) are more than one change file may hold, so the round
// writes them over several files, none much past the bound, and the other
// device takes every card. Its size is what it proves: a long proof, run by
// `npm test` and left out of `npm run test:fast` (tests/setup/test-projects.ts).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { bytesPerFile } from '../../electron/core/sync/change-file.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

const open: Collection[] = [];
function device(): { c: Collection; clock: TestClock } {
  const clock = new TestClock();
  const { collection } = openTestCollection({ clock, builtin: false, file: path.join(tempDir('demarc-content-'), 'demarc.sqlite') });
  open.push(collection);
  return { c: collection, clock };
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

describe('card content through the sync folder', () => {
  it('long cards are split over change files of bounded size', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Long', a.clock.now());
    const long = 'x'.repeat(90_000);
    for (let i = 0; i < 200; i++) a.c.authoring.add({ deckId, note: { type: 'basic', front: `${i} ${long}`, back: 'Back' }, tags: ['mine'] }, a.clock.now());
    const r = runSyncRound(a.c, folder);
    expect(r.wrote.files).toBeGreaterThan(1);
    for (const name of fs.readdirSync(path.join(folder, r.device)).filter((n) => n.endsWith('.changes'))) {
      expect(fs.statSync(path.join(folder, r.device, name)).size).toBeLessThan(bytesPerFile + 200_000);
    }
    runSyncRound(b.c, folder);
    expect(databaseOf(b.c).prepare('SELECT count(*) FROM cards WHERE deck_id = ?').pluck().get(deckId)).toBe(200);
  }, 120_000);
});
