import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { tinyPng } from '../fixtures/media-bytes.js';
import { syncedView } from '../helpers/sync-compare.js';
import { decksDir, tempDir, TestClock } from '../helpers/test-collection.js';
import { changeFiles, SyncthingPeer, syncthingAvailable } from './syncthing-peer.js';
import { databaseOf } from '../helpers/collection-database.js';

/*
 * The real engine, end to end: two Syncthing instances on 127.0.0.1 share a
 * folder between two Demarc collections (each collection outside it). Both
 * devices answer, the same card on both within the same minute included,
 * and after Syncthing has carried the change files both ways, both hold the
 * same review log and the same card states; an imported package's image and
 * a card written on one device and edited on the other arrive too.
 */
function picturePackage(): Buffer {
  const collection = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{Back}}' }] }],
      decks: [{ id: 7, name: 'Pictures' }],
      notes: [{ id: 1, guid: 'p1', mid: 1, fields: ['The VPC<img src="diagram.png">', 'back'] }],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  return Buffer.from(buildPackage({ entries: { 'collection.anki21': collection }, media: [{ name: 'diagram.png', data: tinyPng }] }));
}

const available = syncthingAvailable();
if (!available) console.warn('Skipping the Syncthing sync test: `syncthing` is not installed (apt-get install syncthing; .ci/run installs it).');

const peers: SyncthingPeer[] = [];
const collections: Collection[] = [];
afterAll(async () => {
  for (const c of collections) c.close();
  await Promise.all(peers.map((p) => p.stop()));
});

async function carried(from: SyncthingPeer, to: SyncthingPeer): Promise<void> {
  await from.scan();
  await to.waitUntil('the change files to arrive', async () => JSON.stringify(changeFiles(from.folder)) === JSON.stringify(changeFiles(to.folder)) && (await from.idle()) && (await to.idle()));
}

describe.skipIf(!available)('sync through two Syncthing instances', () => {
  it('both collections reach the same review log and card states', { timeout: 120_000 }, async () => {
    const dir = tempDir('demarc-syncthing-');
    const a = new SyncthingPeer(path.join(dir, 'st-a'), path.join(dir, 'sync-a'), 'laptop');
    const b = new SyncthingPeer(path.join(dir, 'st-b'), path.join(dir, 'sync-b'), 'desktop');
    peers.push(a, b);
    await a.generate();
    await b.generate();
    a.configure(b);
    b.configure(a);
    a.start();
    b.start();
    await Promise.all([a.waitForApi(), b.waitForApi()]);
    await Promise.all([a.waitConnected(b), b.waitConnected(a)]);

    const clockA = new TestClock();
    const clockB = new TestClock(clockA.value + 20_000);
    const laptop = Collection.open({ file: path.join(dir, 'laptop', 'demarc.sqlite'), builtinDecksDir: decksDir, now: clockA.now });
    const desktop = Collection.open({ file: path.join(dir, 'desktop', 'demarc.sqlite'), builtinDecksDir: decksDir, now: clockB.now });
    collections.push(laptop, desktop);

    // The same first card on both, 20 seconds apart; then different cards.
    const first = laptop.study().cards[0]!;
    const key = laptop.cardRecord(first.id).key;
    laptop.answer({ cardId: first.id, grade: 3, durationMs: 6000 });
    const sameOnDesktop = databaseOf(desktop).prepare('SELECT id FROM cards WHERE key = ?').pluck().get(key) as number;
    desktop.answer({ cardId: sameOnDesktop, grade: 1, durationMs: 9000 });
    for (const card of laptop.study().cards.slice(1, 6)) {
      clockA.advance(7000);
      laptop.answer({ cardId: card.id, grade: 3, durationMs: 7000 });
    }
    const desktopCards = desktop.study().cards.slice(8, 12);
    expect(desktopCards).toHaveLength(4);
    for (const card of desktopCards) {
      clockB.advance(5000);
      desktop.answer({ cardId: card.id, grade: 4, durationMs: 5000 });
    }
    const toSuspend = databaseOf(laptop).prepare('SELECT id FROM cards WHERE state = 0 ORDER BY id DESC LIMIT 1').pluck().get() as number;
    laptop.cards.setSuspended([toSuspend], true);
    // Content too: an Anki package with an image, and a card written on the laptop that the desktop edits later.
    laptop.runImport('pictures.apkg', picturePackage(), {});
    const ownDeck = laptop.authoring.createDeck('Own notes', clockA.now());
    const [own] = laptop.authoring.add({ deckId: ownDeck, note: { type: 'basic', front: 'Who patches Lambda runtimes?', back: 'AWS' }, tags: [] }, clockA.now()).cardIds;
    const ownKey = laptop.cardRecord(own!).key;

    runSyncRound(laptop, a.folder);
    await carried(a, b);
    runSyncRound(desktop, b.folder);
    const ownOnDesktop = databaseOf(desktop).prepare('SELECT id FROM cards WHERE key = ?').pluck().get(ownKey) as number;
    clockB.advance(60_000);
    desktop.authoring.update(ownOnDesktop, { deckId: ownDeck, note: { type: 'basic', front: 'Who patches Lambda runtimes, and when?', back: 'AWS' }, tags: [] }, clockB.now());
    runSyncRound(desktop, b.folder);
    await carried(b, a);
    const back = runSyncRound(laptop, a.folder);
    expect(back.answersApplied).toBe(5);
    expect(back.devicesSeen).toBe(1);

    const viewA = syncedView(laptop);
    expect(viewA.log).toHaveLength(11);
    expect(viewA).toEqual(syncedView(desktop));
    expect(JSON.parse(laptop.cardRecord(own!).content)).toMatchObject({ front: 'Who patches Lambda runtimes, and when?' });
    expect(fs.readFileSync(path.join(dir, 'desktop', 'media', 'diagram.png'))).toEqual(Buffer.from(tinyPng));
    // Neither synced folder ever held a database.
    for (const f of [a.folder, b.folder]) expect(fs.readdirSync(f, { recursive: true }).filter((n) => String(n).includes('sqlite'))).toEqual([]);
  });
});
