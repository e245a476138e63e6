// Card, deck and note content through the sync folder: edits, cards and decks
// a learner makes, imported decks with their media, and what a hostile folder
// can and cannot do. Two real SQLite collections (files, so media have a
// folder) and one sync folder.
import fs from 'node:fs';
import path from 'node:path';
import { makeDeviceKey, type DeviceKey } from '../../electron/core/sync/device-keys.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { changeFileName, encodeChangeFile } from '../../electron/core/sync/change-file.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { syncStatus } from '../../electron/core/jobs/sync-service.js';
import { sha256Of } from '../../electron/core/sync/sync-media.js';
import { mediaResponse } from '../../electron/shared/media-response.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { evilHtml, tinyPng } from '../fixtures/media-bytes.js';
import { databaseOf } from '../helpers/collection-database.js';
import { syncedView } from '../helpers/sync-compare.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

interface Device {
  c: Collection;
  clock: TestClock;
  mediaDir: string;
}
const open: Collection[] = [];
function device(clock = new TestClock(), builtin = false): Device {
  const dir = tempDir('demarc-content-');
  const { collection } = openTestCollection({ clock, builtin, file: path.join(dir, 'demarc.sqlite') });
  open.push(collection);
  return { c: collection, clock, mediaDir: path.join(dir, 'media') };
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const db = (d: Device) => databaseOf(d.c);
const cardByKey = (d: Device, key: string) =>
  db(d).prepare('SELECT id, deck_id AS deckId, kind, content, tags, retired FROM cards WHERE key = ?').get(key) as
    | { id: number; deckId: string; kind: string; content: string; tags: string; retired: number }
    | undefined;
const front = (d: Device, key: string) => (JSON.parse(cardByKey(d, key)!.content) as { front: string }).front;

/** A deck and a card written and answered on A, then A synced and B synced (`received`: B's round). */
function answeredCardOnBoth(deckTitle = 'Identity', frontText = 'Who rotates IAM access keys?') {
  const folder = tempDir('demarc-sync-');
  const a = device();
  const b = device();
  const deckId = a.c.authoring.createDeck(deckTitle, a.clock.now());
  const card = addBasic(a, deckId, frontText);
  a.c.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
  runSyncRound(a.c, folder);
  const received = runSyncRound(b.c, folder);
  return { folder, a, b, deckId, card, received };
}

function addBasic(d: Device, deckId: string, frontText: string, back = 'Back'): { id: number; key: string } {
  const saved = d.c.authoring.add({ deckId, note: { type: 'basic', front: frontText, back }, tags: ['mine'] }, d.clock.now());
  const id = saved.cardIds[0]!;
  return { id, key: d.c.cardRecord(id).key };
}

function mediaPackage(html: string, media: { name: string; data: Uint8Array }[]): Buffer {
  const collection = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{Back}}' }] }],
      decks: [{ id: 7, name: 'Pictures' }],
      notes: [{ id: 1, guid: 'p1', mid: 1, fields: [html, 'back'] }],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  return Buffer.from(buildPackage({ entries: { 'collection.anki21': collection }, media }));
}

/** A change file written by hand into a device subfolder, as anyone with access to the folder could. */
function writeForeignFile(folder: string, device: string, seq: number, events: unknown[]): void {
  fs.mkdirSync(path.join(folder, device), { recursive: true });
  fs.writeFileSync(path.join(folder, device, changeFileName(seq, '0badf00d')), encodeChangeFile(device, seq, events.map((e) => JSON.stringify(e)), keyOf(device)));
}
const foreign = 'f00df00df00df00d';
const keys = new Map<string, DeviceKey>();
/** One key per hand-made device, as a real device keeps one. */
const keyOf = (device: string): DeviceKey => keys.get(device) ?? keys.set(device, makeDeviceKey()).get(device)!;
const stamp = (ms: number) => `${String(ms).padStart(15, '0')}-000000-${foreign}`;

describe('card content through the sync folder', () => {
  it('a new deck, a card written in the app and its answers travel; an edit on one device appears on the other', () => {
    const { folder, a, b, deckId, card, received: r } = answeredCardOnBoth('Networking', 'What does a VPC isolate?');
    expect(r.contentApplied).toBeGreaterThanOrEqual(3); // deck, note, card
    expect(db(b).prepare('SELECT title FROM decks WHERE id = ?').pluck().get(deckId)).toBe('Networking');
    expect(cardByKey(b, card.key)).toMatchObject({ deckId, kind: 'basic', tags: 'mine', retired: 0 });
    expect(front(b, card.key)).toBe('What does a VPC isolate?');
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(syncedView(b.c).log).toHaveLength(1);

    // The editor on A changes the note; B follows. The editor on B opens the same note.
    a.clock.advance(60_000);
    a.c.authoring.update(card.id, { deckId, note: { type: 'basic', front: 'What does a VPC isolate, and from what?', back: 'Back' }, tags: ['mine', 'vpc'] }, a.clock.now());
    expect(syncStatus(a.c).pendingChanges).toBe(2); // the card and its note
    runSyncRound(a.c, folder);
    expect(syncStatus(a.c).pendingChanges).toBe(0);
    runSyncRound(b.c, folder);
    const local = cardByKey(b, card.key)!;
    expect(front(b, card.key)).toBe('What does a VPC isolate, and from what?');
    expect(local.tags).toBe('mine vpc');
    expect(b.c.authoring.editorView(local.id).note).toEqual({ type: 'basic', front: 'What does a VPC isolate, and from what?', back: 'Back' });

    // An answer on B's copy of the card comes back to A.
    b.clock.advance(120_000);
    b.c.answer({ cardId: local.id, grade: 4, durationMs: 2000 });
    runSyncRound(b.c, folder);
    runSyncRound(a.c, folder);
    expect(syncedView(a.c)).toEqual(syncedView(b.c));
    expect(syncedView(a.c).log).toHaveLength(2);
  });

  it('a card answered in one deck and moved meanwhile into a deck with an exam date ends with one due date on both devices, whichever moved it', () => {
    // Found by the sync property (schedule 2736): the device that answered kept the due its answer gave in the old
    // deck; the other replayed the answer under the deck the card had moved to, with its exam date.
    for (const mover of ['other', 'answerer'] as const) {
      const folder = tempDir('demarc-sync-');
      const a = device();
      const b = device();
      const plain = a.c.authoring.createDeck('Plain', a.clock.now());
      const exam = a.c.authoring.createDeck('Exam', a.clock.now());
      const card = addBasic(a, plain, 'Who patches the guest OS on EC2?');
      const examDate = new Date(a.clock.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      a.c.setDeckOptions(exam, { newPerDay: null, reviewsPerDay: null, examDate });
      runSyncRound(a.c, folder);
      runSyncRound(b.c, folder);
      const onB = cardByKey(b, card.key)!.id;
      a.clock.advance(60_000);
      b.clock.advance(60_000);
      a.c.answer({ cardId: card.id, grade: 4, durationMs: 3000 });
      const moveOn = mover === 'other' ? { d: b, id: onB } : { d: a, id: card.id };
      moveOn.d.c.authoring.update(moveOn.id, { deckId: exam, note: { type: 'basic', front: 'Who patches the guest OS on EC2?', back: 'Back' }, tags: ['mine'] }, moveOn.d.clock.now());
      for (let i = 0; i < 2; i++) {
        runSyncRound(a.c, folder);
        runSyncRound(b.c, folder);
      }
      expect(cardByKey(a, card.key)!.deckId, mover).toBe(exam);
      expect(syncedView(b.c), mover).toEqual(syncedView(a.c));
      expect(syncedView(a.c).log, mover).toHaveLength(1);
    }
  });

  it("a card's flag, burial and reset that arrive before the card itself are applied when it comes", () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Late cards', a.clock.now());
    const card = addBasic(a, deckId, 'Who patches the host OS under EC2?');
    a.c.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
    const own = path.join(folder, runSyncRound(a.c, folder).device);
    const first = fs.readdirSync(own).filter((n) => n.endsWith('.changes'));
    a.clock.advance(60_000);
    a.c.setFlag(card.id, 3);
    a.c.bury(card.id);
    a.c.bulkAction({ action: 'reset', cardIds: [card.id] });
    runSyncRound(a.c, folder);

    // The file-sync engine brings the edits first: the card is not on B yet, so they have nothing to change.
    const aside = tempDir('demarc-aside-');
    for (const name of first) fs.renameSync(path.join(own, name), path.join(aside, name));
    runSyncRound(b.c, folder);
    expect(cardByKey(b, card.key)).toBeUndefined();
    // Then the card, its deck and its answer.
    for (const name of first) fs.renameSync(path.join(aside, name), path.join(own, name));
    runSyncRound(b.c, folder);
    const marks = (d: Device) => db(d).prepare('SELECT flag, buried_day, reset_at, state FROM cards WHERE key = ?').get(card.key);
    expect(marks(b)).toEqual(marks(a));
    expect((marks(a) as { reset_at: number }).reset_at).toBeGreaterThan(0);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('two edits of one card on two devices converge on both to the later one by the hybrid logical clock; the other is kept in the history', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Storage', a.clock.now());
    const card = addBasic(a, deckId, 'Original');
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const onB = cardByKey(b, card.key)!.id;

    // B edits later by the wall clock, but A syncs its edit first: B's still wins.
    a.clock.advance(10_000);
    a.c.authoring.update(card.id, { deckId, note: { type: 'basic', front: 'Edited on A', back: 'Back' }, tags: [] }, a.clock.now());
    b.clock.advance(30_000);
    b.c.authoring.update(onB, { deckId, note: { type: 'basic', front: 'Edited on B', back: 'Back' }, tags: [] }, b.clock.now());
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    runSyncRound(a.c, folder);
    expect(front(a, card.key)).toBe('Edited on B');
    expect(front(b, card.key)).toBe('Edited on B');
    const field = JSON.stringify(['card', 'authored', card.key, 'content']);
    for (const d of [a, b]) {
      // The first version, A's edit and B's edit: all kept.
      expect(db(d).prepare('SELECT count(*) FROM sync_content_events WHERE field = ?').pluck().get(field)).toBe(3);
      expect(d.c.authoring.editorView(cardByKey(d, card.key)!.id).note).toMatchObject({ front: 'Edited on B' });
    }
  });

  it('a card deleted on one device is retired on the other, with its history', () => {
    const { folder, a, b, card } = answeredCardOnBoth();
    a.c.bulkAction({ action: 'delete', cardIds: [card.id] });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(cardByKey(b, card.key)).toMatchObject({ retired: 1 });
    expect(syncedView(b.c).log).toHaveLength(1);
  });

  it('a card suspended on one device while deleted (retired) on the other ends the same on both', () => {
    const { folder, a, b, card } = answeredCardOnBoth();
    // B suspends the card; A deletes it (answered, so retired). B syncs first: its suspension leaves, the retirement arrives.
    b.c.cards.setSuspended([cardByKey(b, card.key)!.id], true);
    a.c.bulkAction({ action: 'delete', cardIds: [card.id] });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    // A meets the suspension with its card already retired.
    runSyncRound(a.c, folder);
    const suspended = (d: Device) => db(d).prepare('SELECT retired, suspended FROM cards WHERE key = ?').get(card.key);
    expect(suspended(b)).toEqual({ retired: 1, suspended: 1 });
    expect(suspended(a)).toEqual(suspended(b));
    expect(syncedView(a.c)).toEqual(syncedView(b.c));
  });

  it('undoing Add card on one device takes the card away on the other', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Second thoughts', a.clock.now());
    const card = addBasic(a, deckId, 'Added by mistake');
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(cardByKey(b, card.key)).toBeDefined();
    a.c.authoring.undo(a.clock.now());
    expect(cardByKey(a, card.key)).toBeUndefined();
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(cardByKey(b, card.key)).toBeUndefined();
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('answers and cards that arrive before what they need wait, and apply once it arrives', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Late', a.clock.now());
    const first = runSyncRound(a.c, folder); // the deck alone
    const card = addBasic(a, deckId, 'Arrives before its deck');
    a.c.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
    runSyncRound(a.c, folder); // the card and its answer
    const own = path.join(folder, first.device);
    const deckFile = fs.readdirSync(own).filter((n) => n.endsWith('.changes')).sort()[0]!;
    const aside = path.join(tempDir(), deckFile);
    fs.renameSync(path.join(own, deckFile), aside);

    const early = runSyncRound(b.c, folder);
    expect(early.contentWaiting).toBe(1);
    expect(early.waiting).toBe(1);
    expect(cardByKey(b, card.key)).toBeUndefined();

    fs.renameSync(aside, path.join(own, deckFile));
    const late = runSyncRound(b.c, folder);
    expect(late.contentWaiting).toBe(0);
    expect(late.waiting).toBe(0);
    expect(late.answersApplied).toBe(1);
    expect(front(b, card.key)).toBe('Arrives before its deck');
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('a suspend that arrives before its card applies once the card does', () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    writeForeignFile(folder, foreign, 1, [
      { type: 'set', id: 's:1', device: foreign, hlc: stamp(5000), field: ['card', 'import-later', 'k', 'suspended'], value: true },
    ]);
    runSyncRound(b.c, folder);
    writeForeignFile(folder, foreign, 2, [
      { type: 'deck', id: 'd:1', device: foreign, hlc: stamp(1000), deck: 'import-later', value: { title: 'Later', serviceType: 'custom', description: '' } },
      {
        type: 'card', id: 'c:1', device: foreign, hlc: stamp(2000), card: { deck: 'import-later', key: 'k' },
        value: { deckId: 'import-later', noteKey: 'k', content: { kind: 'basic', front: 'f', back: 'b' }, source: '', tags: '', retired: false, media: [] },
      },
    ]);
    runSyncRound(b.c, folder);
    expect(db(b).prepare("SELECT suspended FROM cards WHERE source_deck_id = 'import-later' AND key = 'k'").pluck().get()).toBe(1);
  });

  it('an imported CSV deck travels', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    a.c.runImport('Ports.csv', Buffer.from('front,back\nSSH,22\nHTTPS,443\n'), {});
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const rows = (d: Device) => db(d).prepare("SELECT key, content FROM cards WHERE deck_id = 'import-ports' ORDER BY key").all();
    expect(rows(b)).toHaveLength(2);
    expect(rows(b)).toEqual(rows(a));
    expect(db(b).prepare("SELECT title FROM decks WHERE id = 'import-ports'").pluck().get()).toBe('Ports');
  });

  it('an imported .apkg with an image travels with its media, and a media file whose bytes do not match its hash is refused', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    a.c.runImport('pictures.apkg', mediaPackage('A picture<img src="diagram.png">', [{ name: 'diagram.png', data: tinyPng }]), {});
    const sent = runSyncRound(a.c, folder);
    const published = path.join(folder, sent.device, 'media', sha256Of(tinyPng));
    expect(fs.readFileSync(published)).toEqual(Buffer.from(tinyPng));

    // Someone swaps the bytes: B refuses them and waits for the real ones.
    fs.writeFileSync(published, evilHtml);
    const refused = runSyncRound(b.c, folder);
    expect(refused.media).toMatchObject({ written: 0, refused: 1, waiting: 1 });
    expect(fs.existsSync(path.join(b.mediaDir, 'diagram.png'))).toBe(false);

    fs.writeFileSync(published, tinyPng);
    const fetched = runSyncRound(b.c, folder);
    expect(fetched.media).toMatchObject({ written: 1, refused: 0, waiting: 0 });
    expect(fs.readFileSync(path.join(b.mediaDir, 'diagram.png'))).toEqual(Buffer.from(tinyPng));
    const onB = db(b).prepare("SELECT content FROM cards WHERE deck_id = 'anki-pictures'").pluck().get() as string;
    const onA = db(a).prepare("SELECT content FROM cards WHERE deck_id = 'anki-pictures'").pluck().get() as string;
    expect(onB).toBe(onA);
    expect((JSON.parse(onB) as { front: string }).front).toContain('<img src="media/diagram.png"');
  });

  it('a different file of the same name on the receiving device keeps its name; the arriving one gets a hashed name', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    fs.mkdirSync(b.mediaDir, { recursive: true });
    const other = Buffer.concat([Buffer.from(tinyPng), Buffer.from('other')]);
    fs.writeFileSync(path.join(b.mediaDir, 'diagram.png'), other);
    a.c.runImport('pictures.apkg', mediaPackage('<img src="diagram.png">', [{ name: 'diagram.png', data: tinyPng }]), {});
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const renamed = `diagram-${sha256Of(tinyPng).slice(0, 8)}.png`;
    expect(fs.readFileSync(path.join(b.mediaDir, 'diagram.png'))).toEqual(other);
    expect(fs.readFileSync(path.join(b.mediaDir, renamed))).toEqual(Buffer.from(tinyPng));
    const content = JSON.parse(db(b).prepare("SELECT content FROM cards WHERE deck_id = 'anki-pictures'").pluck().get() as string) as { front: string };
    expect(content.front).toBe(`<img src="media/${renamed}" />`);
  });

  it('a hostile device: its HTML is cleaned as on import, active media with a right hash is stored but never served, built-in decks are not written, and oversize or unsafe events are counted and skipped', async () => {
    const folder = tempDir('demarc-sync-');
    const b = device(new TestClock(), true);
    const builtinBefore = db(b).prepare("SELECT title FROM decks WHERE id = 'iaas-ec2'").pluck().get();
    const builtinCard = db(b).prepare("SELECT key, content FROM cards WHERE source_deck_id = 'iaas-ec2' LIMIT 1").get() as { key: string; content: string };
    const hash = sha256Of(evilHtml);
    fs.mkdirSync(path.join(folder, foreign, 'media'), { recursive: true });
    fs.writeFileSync(path.join(folder, foreign, 'media', hash), evilHtml);
    const deckEvent = (id: string, deck: string, ms: number) => ({ type: 'deck', id, device: foreign, hlc: stamp(ms), deck, value: { title: 'Owned', serviceType: 'custom', description: '' } });
    const card = (id: string, ref: { deck: string; key: string }, frontHtml: string, media: unknown[] = [], ms = 2000 + id.length) => ({
      type: 'card', id, device: foreign, hlc: stamp(ms), card: ref,
      value: { deckId: 'import-evil', noteKey: ref.key, content: { kind: 'basic', front: frontHtml, back: 'b', html: true }, source: '', tags: '', retired: false, media },
    });
    const evil = (key: string) => ({ deck: 'import-evil', key });
    writeForeignFile(folder, foreign, 1, [
      deckEvent('d:1', 'import-evil', 1000),
      card('c:1', evil('script'), '<img src="media/page.png" onerror="alert(1)"><script>alert(1)</script>Hello', [{ name: 'page.png', sha256: hash, bytes: evilHtml.length }]),
      // Valid events aimed at a built-in deck and one of its cards: ignored.
      deckEvent('d:builtin', 'iaas-ec2', 9000),
      card('c:builtin', { deck: 'iaas-ec2', key: builtinCard.key }, 'Owned', [], 9000),
      // Invalid: a field over its bound, a media name that climbs out of the media folder, an unknown key.
      card('c:22', evil('huge'), 'x'.repeat(100_001)),
      card('c:333', evil('escape'), '<img src="media/../../evil.png">', [{ name: '../../evil.png', sha256: hash, bytes: evilHtml.length }]),
      { ...deckEvent('d:extra', 'import-other', 3000), extra: 1 },
    ]);
    const r = runSyncRound(b.c, folder);
    expect(r.invalidEvents).toBe(3);
    expect(cardByKey(b, 'huge')).toBeUndefined();
    expect(cardByKey(b, 'escape')).toBeUndefined();
    expect(db(b).prepare("SELECT count(*) FROM decks WHERE id = 'import-other'").pluck().get()).toBe(0);
    expect(db(b).prepare("SELECT title FROM decks WHERE id = 'iaas-ec2'").pluck().get()).toBe(builtinBefore);
    expect(db(b).prepare("SELECT content FROM cards WHERE source_deck_id = 'iaas-ec2' AND key = ?").pluck().get(builtinCard.key)).toBe(builtinCard.content);
    expect(front(b, 'script')).toBe('<img src="media/page.png" />Hello');
    // Stored under its safe name, but its bytes are a web page: the media route never serves it.
    expect(fs.readFileSync(path.join(b.mediaDir, 'page.png'))).toEqual(Buffer.from(evilHtml));
    expect((await mediaResponse(b.mediaDir, '/page.png')).status).toBe(404);
    expect(fs.readdirSync(path.dirname(b.mediaDir)).filter((n) => n.includes('evil'))).toEqual([]);
  });

  it('a media file in the folder larger than a media file may be is never read', () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const hash = 'a'.repeat(64);
    fs.mkdirSync(path.join(folder, foreign, 'media'), { recursive: true });
    const big = path.join(folder, foreign, 'media', hash);
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 65 * 1024 * 1024); // sparse: costs no disk
    writeForeignFile(folder, foreign, 1, [
      { type: 'deck', id: 'd:1', device: foreign, hlc: stamp(1000), deck: 'import-big', value: { title: 'Big', serviceType: 'custom', description: '' } },
      {
        type: 'card', id: 'c:1', device: foreign, hlc: stamp(2000), card: { deck: 'import-big', key: 'k' },
        value: { deckId: 'import-big', noteKey: 'k', content: { kind: 'basic', front: '<img src="media/big.png">', back: 'b', html: true }, source: '', tags: '', retired: false, media: [{ name: 'big.png', sha256: hash, bytes: 10 }] },
      },
    ]);
    const r = runSyncRound(b.c, folder);
    expect(r.media).toEqual({ written: 0, refused: 0, waiting: 1 });
    expect(fs.existsSync(path.join(b.mediaDir, 'big.png'))).toBe(false);
  });

  it('media that would take the media folder past its limit wait', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    fs.mkdirSync(b.mediaDir, { recursive: true });
    const filler = path.join(b.mediaDir, 'filler.bin');
    fs.writeFileSync(filler, '');
    fs.truncateSync(filler, 2 * 1024 * 1024 * 1024); // sparse: the folder's limit, reached without using the disk
    a.c.runImport('pictures.apkg', mediaPackage('<img src="diagram.png">', [{ name: 'diagram.png', data: tinyPng }]), {});
    runSyncRound(a.c, folder);
    expect(runSyncRound(b.c, folder).media).toEqual({ written: 0, refused: 0, waiting: 1 });
    fs.rmSync(filler);
    expect(runSyncRound(b.c, folder).media).toEqual({ written: 1, refused: 0, waiting: 0 });
  });

  it('every note type written in the app travels with its note, and so do moves, tags and undoing an edit', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('All types', a.clock.now());
    const other = a.c.authoring.createDeck('Elsewhere', a.clock.now());
    const now = a.clock.now();
    const add = (note: Parameters<Collection['authoring']['add']>[0]['note']) => a.c.authoring.add({ deckId, note, tags: [] }, now).cardIds;
    add({ type: 'basic-reversed', front: 'S3 bucket policy', back: 'Customer' });
    add({ type: 'cloze', text: 'Encryption at rest is the {{c1::customer}}\'s choice; the {{c2::hardware}} is AWS\'s.', extra: 'Shared model' });
    add({ type: 'responsibility', situation: 'Patching the RDS engine', owner: 'aws', service: 'Amazon RDS', explanation: 'Managed service.' });
    const [choice] = add({ type: 'choice', question: 'Who configures security groups?', options: ['AWS', 'Customer'], answer: [1], explanation: 'Customer side.' });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(syncedView(b.c).content).toHaveLength(6);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));

    a.clock.advance(60_000);
    a.c.bulkAction({ action: 'move', cardIds: [choice!], deckId: other });
    a.c.bulkAction({ action: 'tag', cardIds: [choice!], tags: ['exam'] });
    a.c.authoring.update(choice!, { deckId: other, note: { type: 'choice', question: 'Who configures security groups, really?', options: ['AWS', 'Customer'], answer: [1], explanation: '' }, tags: ['exam'] }, a.clock.now());
    a.c.authoring.undo(a.clock.now());
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const key = a.c.cardRecord(choice!).key;
    expect(cardByKey(b, key)).toMatchObject({ deckId: other, tags: 'exam' });
    expect((JSON.parse(cardByKey(b, key)!.content) as { question: string }).question).toBe('Who configures security groups?');
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('a Demarc deck file travels, and deleting one of its cards retires it on the other device', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deck = {
      format: 'demarc-deck/1', id: 'kms', title: 'KMS', serviceType: 'security-services', description: 'Keys',
      cards: [
        { id: 'rotation', kind: 'responsibility', prompt: 'Rotating a customer managed key', owner: 'customer', service: 'AWS KMS', explanation: 'Your key, your rotation.', source: 'kms.txt' },
        { id: 'hsm', kind: 'basic', front: 'Who runs the HSMs?', back: 'AWS', source: 'kms.txt' },
      ],
    };
    a.c.runImport('kms.json', Buffer.from(JSON.stringify(deck)), {});
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(db(b).prepare("SELECT title FROM decks WHERE id = 'deck-kms'").pluck().get()).toBe('KMS');
    expect(syncedView(b.c).content).toHaveLength(2);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    a.c.bulkAction({ action: 'delete', cardIds: [cardByKey(a, 'hsm')!.id] });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(cardByKey(b, 'hsm')).toMatchObject({ retired: 1 });
  });

  // Long cards split over change files of bounded size (16 MiB of cards): tests/integration/sync-long-cards.test.ts,
  // a long proof run by `npm test`, not `test:fast`.

  it('a folder restored from an old backup gets the content events written again', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Restored', a.clock.now());
    const card = addBasic(a, deckId, 'Written again');
    const first = runSyncRound(a.c, folder);
    const own = path.join(folder, first.device);
    for (const name of fs.readdirSync(own).filter((n) => n.endsWith('.changes'))) fs.rmSync(path.join(own, name));
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(front(b, card.key)).toBe('Written again');
  });

  it('a folder restored from an old backup gets the media of this device\'s cards written again', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    a.c.runImport('pictures.apkg', mediaPackage('<img src="diagram.png">', [{ name: 'diagram.png', data: tinyPng }]), {});
    const first = runSyncRound(a.c, folder);
    fs.rmSync(path.join(folder, first.device), { recursive: true });
    fs.mkdirSync(path.join(folder, first.device));
    runSyncRound(a.c, folder);
    expect(runSyncRound(b.c, folder).media).toEqual({ written: 1, refused: 0, waiting: 0 });
    expect(fs.readFileSync(path.join(b.mediaDir, 'diagram.png'))).toEqual(Buffer.from(tinyPng));
  });
});
