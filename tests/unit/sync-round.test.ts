import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';
import { syncedView } from '../helpers/sync-compare.js';
import type { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';

const open: Collection[] = [];
function device(clock = new TestClock()): { c: Collection; clock: TestClock } {
  const { collection } = openTestCollection({ clock });
  open.push(collection);
  return { c: collection, clock };
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function answerFirst(c: Collection, grade: 1 | 2 | 3 | 4 = 3): number {
  const card = c.study().cards[0];
  if (!card) throw new Error('nothing to study');
  c.answer({ cardId: card.id, grade, durationMs: 4000 });
  return card.id;
}

describe('sync round', () => {
  it('two devices that answer the same card within a minute reach the same log and the same card states', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const cardId = answerFirst(a.c);
    b.clock.advance(20_000);
    const key = a.c.cardRecord(cardId).key;
    const bCard = databaseOf(b.c).prepare('SELECT id FROM cards WHERE key = ?').pluck().get(key) as number;
    b.c.answer({ cardId: bCard, grade: 1, durationMs: 3000 });
    answerFirst(b.c, 4);

    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const again = runSyncRound(a.c, folder);
    expect(again.answersApplied).toBe(2);
    expect(syncedView(a.c)).toEqual(syncedView(b.c));
    expect(syncedView(a.c).log).toHaveLength(3);
  });

  it('an undo of an answer that already travelled travels as an undo', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerFirst(a.c);
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(syncedView(b.c).log).toHaveLength(1);
    a.c.undo();
    runSyncRound(a.c, folder);
    const r = runSyncRound(b.c, folder);
    expect(r.undosApplied).toBe(1);
    expect(syncedView(b.c).log).toHaveLength(0);
    expect(syncedView(a.c)).toEqual(syncedView(b.c));
  });

  it('suspends, deck options and settings: the later edit wins on both devices', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    const id = a.c.study().cards[0]!.id;
    const key = a.c.cardRecord(id).key;
    a.c.cards.setSuspended([id], true);
    a.c.updateSettings({ desiredRetention: 0.85 });
    runSyncRound(a.c, folder);
    b.clock.advance(60_000);
    b.c.updateSettings({ desiredRetention: 0.8 });
    const deck = a.c.cardRecord(id).deck_id;
    b.c.setDeckOptions(deck, { newPerDay: 5, reviewsPerDay: null, examDate: null });
    runSyncRound(b.c, folder);
    runSyncRound(a.c, folder);
    expect(a.c.settings.desiredRetention).toBe(0.8);
    expect(databaseOf(b.c).prepare('SELECT suspended FROM cards WHERE key = ?').pluck().get(key)).toBe(1);
    expect(syncedView(a.c)).toEqual(syncedView(b.c));
    // The losing edit stays in the history.
    expect(databaseOf(a.c).prepare("SELECT count(*) FROM sync_events WHERE type = 'set' AND field LIKE '%desiredRetention%'").pluck().get()).toBe(2);
  });

  it('never puts the collection into the synced folder', () => {
    const folder = tempDir('demarc-sync-');
    const { collection } = openTestCollection({ file: path.join(folder, 'demarc.sqlite') });
    open.push(collection);
    expect(() => runSyncRound(collection, folder)).toThrow(/holds the collection file itself/);
    expect(fs.readdirSync(folder).filter((n) => !n.startsWith('demarc.sqlite'))).toEqual([]);
  });

  it('a folder restored from an old backup: files this device wrote and lost are written again', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerFirst(a.c);
    const first = runSyncRound(a.c, folder);
    const own = path.join(folder, first.device);
    for (const name of fs.readdirSync(own)) fs.rmSync(path.join(own, name));
    const again = runSyncRound(a.c, folder);
    expect(again.wrote.files).toBe(1);
    runSyncRound(b.c, folder);
    expect(syncedView(b.c).log).toHaveLength(1);
  });

  it('a copied collection file: the copy that finds files it never wrote takes a new device id, and both sides keep everything', () => {
    const folder = tempDir('demarc-sync-');
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite');
    const { collection: original } = openTestCollection({ file });
    open.push(original);
    answerFirst(original);
    runSyncRound(original, folder);
    databaseOf(original).pragma('wal_checkpoint(TRUNCATE)');
    const copyFile = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(file, copyFile);
    answerFirst(original);
    runSyncRound(original, folder);
    const { collection: copy } = openTestCollection({ file: copyFile });
    open.push(copy);
    answerFirst(copy, 1);
    const r = runSyncRound(copy, folder);
    expect(r.renewedDevice).toBe(true);
    runSyncRound(original, folder);
    expect(syncedView(copy)).toEqual(syncedView(original));
    expect(syncedView(copy).log).toHaveLength(3);
  });

  it("an engine's conflict copy of this device's own file, or an own file it brings back after compaction, keeps the device's id", () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerFirst(a.c);
    const first = runSyncRound(a.c, folder);
    const own = path.join(folder, first.device);
    const [name] = fs.readdirSync(own).filter((n) => n.endsWith('.changes'));
    const bytes = fs.readFileSync(path.join(own, name!));
    fs.copyFileSync(path.join(own, name!), path.join(own, name!.replace('.changes', '.sync-conflict-20261201-102800-ABCDEFG.changes')));
    fs.copyFileSync(path.join(own, name!), path.join(own, name!.replace('.changes', '-DESKTOP84.changes')));
    // A small file a round until compaction folds them together and deletes the first (at most 40 rounds).
    for (let i = 0; i < 40 && fs.readdirSync(own).includes(name!); i++) {
      a.c.updateSettings({ newPerDay: 10 + (i % 2) });
      expect(runSyncRound(a.c, folder)).toMatchObject({ device: first.device, renewedDevice: false });
    }
    expect(fs.readdirSync(own)).not.toContain(name);
    fs.writeFileSync(path.join(own, name!), bytes);
    expect(runSyncRound(a.c, folder)).toMatchObject({ device: first.device, renewedDevice: false });
    runSyncRound(b.c, folder);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('an undo made before the device took a new id reaches the others as the undo of the device that gave the answer', () => {
    const folder = tempDir('demarc-sync-');
    const dir = tempDir();
    const file = path.join(dir, 'a.sqlite');
    const { collection: original } = openTestCollection({ file });
    open.push(original);
    const other = device();
    answerFirst(original);
    answerFirst(original);
    const before = runSyncRound(original, folder);
    runSyncRound(other.c, folder);
    expect(syncedView(other.c).log).toHaveLength(2);
    // A copy of the collection file writes under the same id first (a change the original lacks)...
    databaseOf(original).pragma('wal_checkpoint(TRUNCATE)');
    const copyFile = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(file, copyFile);
    const { collection: copy } = openTestCollection({ file: copyFile });
    open.push(copy);
    answerFirst(copy, 1);
    expect(runSyncRound(copy, folder)).toMatchObject({ device: before.device, renewedDevice: false });
    // ...while the original takes back its last answer, then syncs and finds the copy's file.
    expect(original.undo()).not.toBeNull();
    const renewed = runSyncRound(original, folder);
    expect(renewed.renewedDevice).toBe(true);
    expect(renewed.device).not.toBe(before.device);
    expect(original.undoDepth).toBe(0);
    runSyncRound(copy, folder);
    const arrived = runSyncRound(other.c, folder);
    expect(arrived.refused).toMatchObject({ foreign: 0, notTheirs: 0 });
    runSyncRound(original, folder);
    runSyncRound(copy, folder);
    expect(syncedView(other.c)).toEqual(syncedView(original));
    expect(syncedView(copy)).toEqual(syncedView(original));
    // The first answer, and the copy's: the undone one is gone everywhere.
    expect(syncedView(other.c).log).toHaveLength(2);
  });

  it("a review from a device whose clock runs ahead waits here until this clock reaches it; the card is answered here meanwhile and both answers are kept", () => {
    const folder = tempDir('demarc-sync-');
    const ahead = device(new TestClock(new TestClock().value + 3 * 3_600_000));
    const behind = device();
    const id = answerFirst(ahead.c);
    const key = ahead.c.cardRecord(id).key;
    const aheadDevice = runSyncRound(ahead.c, folder).device;
    const held = runSyncRound(behind.c, folder);
    // The answer, and the burying of its card's siblings that came with it.
    const siblings = databaseOf(ahead.c).prepare('SELECT count(*) FROM cards WHERE buried_day <> 0').pluck().get() as number;
    expect(held.heldBack).toEqual([expect.objectContaining({ device: aheadDevice, events: 1 + siblings })]);
    const local = databaseOf(behind.c).prepare('SELECT id FROM cards WHERE key = ?').pluck().get(key) as number;
    expect(behind.c.cardRecord(local).reps).toBe(0);
    behind.c.answer({ cardId: local, grade: 3, durationMs: 2000 });
    runSyncRound(behind.c, folder);
    runSyncRound(ahead.c, folder);
    for (const d of [ahead, behind]) d.clock.advance(3 * 3_600_000);
    runSyncRound(behind.c, folder);
    runSyncRound(ahead.c, folder);
    expect(syncedView(ahead.c)).toEqual(syncedView(behind.c));
    expect(syncedView(behind.c).log).toHaveLength(2);
  });
});
