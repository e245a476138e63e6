// Floods through the sync folder: a change file as large as any Demarc reads
// (64 MiB) of undos for answers that do not exist, and a cloze note that
// would make 600 cards. Each is refused or kept within a bound, says so, and
// leaves the collection and the honest device's answers as they should be.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { maxClozeNumber } from '../../electron/core/cards/note-types.js';
import { maxChangeFileBytes } from '../../electron/core/sync/change-file.js';
import { maxUndosWaiting } from '../../electron/core/sync/merge-events.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { HostileDevice } from '../helpers/hostile-device.js';
import { syncedView } from '../helpers/sync-compare.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

const open: Collection[] = [];
function device(): Collection {
  const { collection } = openTestCollection();
  open.push(collection);
  return collection;
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const flooder = '0000000000000000';

describe('floods', () => {
  it('a 64 MiB file of undos of nothing: at most the bound is kept, the rest refused and said, the honest answers arrive, and it is read once', { timeout: 120_000 }, () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    for (const card of a.study().cards.slice(0, 3)) a.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
    runSyncRound(a, folder);

    const m = new HostileDevice(folder, flooder);
    const undos: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < maxChangeFileBytes - 1024 * 1024; i++) {
      const id = `a:${createHash('sha256').update(String(i)).digest('base64url').slice(0, 22)}`;
      const body = JSON.stringify({ type: 'undo', id: `undo:${id}`, device: flooder, answer: id, card: { deck: 'core-model', key: `k${i}` } });
      undos.push(body);
      bytes += body.length + 1;
    }
    const file = m.write(undos);
    expect(fs.statSync(file).size).toBeGreaterThan(63 * 1024 * 1024);

    const r = runSyncRound(b, folder);
    expect(r.refused.flood).toBe(undos.length - maxUndosWaiting);
    expect(r.notices.map((n) => n.message)).toContainEqual(expect.stringMatching(/^Refused [\d,]+ changes from a device that already had more waiting here/));
    const db = databaseOf(b);
    // The undos kept, and the honest device's other edits (the burying of the answered cards' siblings).
    expect(db.prepare("SELECT count(*) FROM sync_events WHERE device = ?").pluck().get(flooder)).toBe(maxUndosWaiting);
    expect(syncedView(b).log).toHaveLength(3);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(runSyncRound(b, folder).read.files).toBe(0);
    runSyncRound(a, folder);
    expect(syncedView(a)).toEqual(syncedView(b));
  });

  it(`a cloze note past c${maxClozeNumber}: the editor refuses it, and from the folder it is refused with its cards, clearly`, () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const text = Array.from({ length: 600 }, (_, i) => `{{c${i + 1}::word ${i}}}`).join(' and ');
    const deckId = b.authoring.createDeck('Cloze', Date.now());
    expect(() => b.authoring.add({ deckId, note: { type: 'cloze', text, extra: '' }, tags: [] }, Date.now())).toThrow(
      `Text uses {{c600::…}}: a note can have cloze numbers c1 to c${maxClozeNumber}, one card each.`,
    );

    const m = new HostileDevice(folder, flooder);
    const t = new TestClock().value;
    const hlc = (n: number) => `${String(t).padStart(15, '0')}-${String(n).padStart(6, '0')}-${flooder}`;
    const noteKey = 'note-600';
    m.write([
      { type: 'deck', id: `d:${hlc(0)}`, device: flooder, hlc: hlc(0), deck: 'my-cloze', value: { title: 'Many clozes', serviceType: 'custom', description: '' } },
      { type: 'note', id: `n:${hlc(1)}`, device: flooder, hlc: hlc(1), note: noteKey, value: { type: 'cloze', text, extra: '' } },
      ...Array.from({ length: 600 }, (_, i) => ({
        type: 'card', id: `c:${hlc(2 + i)}`, device: flooder, hlc: hlc(2 + i), card: { deck: 'authored', key: `${noteKey}-${i}` },
        value: { deckId: 'my-cloze', noteKey, content: { kind: 'basic', front: `card ${i}`, back: 'back', html: true }, source: '', tags: '', retired: false, media: [] },
      })),
    ]);
    const r = runSyncRound(b, folder);
    expect(r.refused.tooLarge).toBe(601);
    expect(r.notices.map((n) => n.message)).toContainEqual(`Refused 601 notes and cards larger than Demarc makes (a cloze note has at most ${maxClozeNumber} cards, c1 to c${maxClozeNumber}).`);
    expect(databaseOf(b).prepare("SELECT count(*) FROM cards WHERE note_key = ?").pluck().get(noteKey)).toBe(0);
  });

  it(`a cloze note of ${maxClozeNumber} deletions from another device merges: every card rendered from the note`, () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.authoring.createDeck('Cloze', new TestClock().value);
    const text = Array.from({ length: maxClozeNumber }, (_, i) => `{{c${i + 1}::word ${i}}}`).join(' and ');
    a.authoring.add({ deckId, note: { type: 'cloze', text, extra: 'x' }, tags: [] }, new TestClock().value);
    runSyncRound(a, folder);
    const r = runSyncRound(b, folder);
    expect(r.refused.tooLarge).toBe(0);
    expect(syncedView(b).content).toEqual(syncedView(a).content);
    expect(syncedView(b).content).toHaveLength(maxClozeNumber);
  });
});
