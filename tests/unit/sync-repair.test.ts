// A change file damaged or cut short on its way to another device is not
// lost: the device that could not read it says so in its signed read report,
// the device that wrote it writes its events again under a new name (and
// removes the old file), and the answers arrive. Both devices say what
// happened and what to do. Each device here has its own copy of the folder,
// kept in step by hand as a sync engine would, so one copy can be damaged
// while the writer's stays whole.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { stuckAfterMs } from '../../electron/core/sync/incomplete-files.js';
import { changeFileName } from '../../electron/core/sync/change-file.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { HostileDevice, setEvent } from '../helpers/hostile-device.js';
import { syncedView } from '../helpers/sync-compare.js';
import type { TestClock } from '../helpers/test-collection.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';

const open: Collection[] = [];
function device(): { c: Collection; clock: TestClock } {
  const { collection, clock } = openTestCollection();
  open.push(collection);
  return { c: collection, clock };
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** Carries one device's subfolder from one copy of the folder to another: new files copied, removed ones removed; a file already there is left as it is. */
function carry(from: string, to: string, device: string): void {
  const source = path.join(from, device);
  const target = path.join(to, device);
  fs.mkdirSync(target, { recursive: true });
  const names = new Set(fs.readdirSync(source).filter((n) => !n.startsWith('.')));
  for (const name of fs.readdirSync(target)) if (!names.has(name)) fs.rmSync(path.join(target, name), { recursive: true });
  for (const name of names) {
    if (fs.statSync(path.join(source, name)).isDirectory()) continue;
    if (name === 'read-report.json' || !fs.existsSync(path.join(target, name))) fs.copyFileSync(path.join(source, name), path.join(target, name));
  }
}

function answerSome(c: Collection, n: number): void {
  for (const card of c.study().cards.slice(0, n)) c.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
}

/** A's first file reaches B's copy with a byte flipped; B syncs (and reports it), and B's folder reaches A's copy. Returns the file's name. */
function damagedOnTheWay(at: { folderA: string; folderB: string; aId: string; bId: string; b: Collection }): string {
  carry(at.folderA, at.folderB, at.aId);
  const [name] = fs.readdirSync(path.join(at.folderB, at.aId)).filter((n) => n.endsWith('.changes'));
  const damaged = path.join(at.folderB, at.aId, name!);
  const bytes = fs.readFileSync(damaged);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x04;
  fs.writeFileSync(damaged, bytes);
  runSyncRound(at.b, at.folderB);
  carry(at.folderB, at.folderA, at.bId);
  return name!;
}

function setUp(damage: (file: string) => void) {
  const folderA = tempDir('demarc-sync-a-');
  const folderB = tempDir('demarc-sync-b-');
  const a = device();
  const b = device();
  answerSome(a.c, 3);
  const aId = runSyncRound(a.c, folderA).device;
  const bId = runSyncRound(b.c, folderB).device;
  carry(folderA, folderB, aId);
  const [name] = fs.readdirSync(path.join(folderB, aId)).filter((n) => n.endsWith('.changes'));
  damage(path.join(folderB, aId, name!));
  return { folderA, folderB, a, b, aId, bId, name: name! };
}

describe('damaged and cut-short files are written again by their writer', () => {
  it('a flipped byte: B lists the file with what to do, A writes its events again, and the answers arrive', () => {
    const { folderA, folderB, a, b, aId, bId, name } = setUp((file) => {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x04;
      fs.writeFileSync(file, bytes);
    });
    const seen = runSyncRound(b.c, folderB);
    expect(syncedView(b.c).log).toHaveLength(0);
    expect(seen.notices).toContainEqual({
      message: `Could not read ${aId}/${name}: the checksum does not match.`,
      action: `Nothing to do: device ${aId} learns of it and writes these changes again under a new name on its next sync. If this stays, sync on that device.`,
    });

    carry(folderB, folderA, bId);
    const mended = runSyncRound(a.c, folderA);
    expect(mended.mendedFiles).toEqual([{ name, reportedBy: [{ device: bId, reason: 'the checksum does not match' }], writtenAs: [expect.stringMatching(/\.changes$/) as unknown] }]);
    expect(mended.notices[0]!.message).toBe(`Device ${bId} (the checksum does not match) could not read this device's file ${name}: its changes were written again as ${mended.mendedFiles[0]!.writtenAs[0]}.`);
    expect(fs.existsSync(path.join(folderA, aId, name))).toBe(false);

    carry(folderA, folderB, aId);
    const fixed = runSyncRound(b.c, folderB);
    expect(fixed.notices).toEqual([]);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(syncedView(b.c).log).toHaveLength(3);
    // B's report is gone with the problem; A has nothing more to mend.
    carry(folderB, folderA, bId);
    expect(runSyncRound(a.c, folderA).mendedFiles).toEqual([]);
  });

  it('a file cut short: "still being copied" at first, then, unchanged for over an hour, listed and written again', () => {
    const { folderA, folderB, a, b, bId, name } = setUp((file) => fs.truncateSync(file, fs.statSync(file).size - 40));
    expect(runSyncRound(b.c, folderB)).toMatchObject({ incompleteFiles: 1, notices: [] });
    b.clock.advance(stuckAfterMs + 60_000);
    const stuck = runSyncRound(b.c, folderB);
    expect(stuck.incompleteFiles).toBe(0);
    expect(stuck.notices[0]!.message).toMatch(/^Could not read .*: cut short \(\d+ of \d+ bytes\) and unchanged for over an hour\.$/);

    carry(folderB, folderA, bId);
    a.clock.advance(stuckAfterMs + 60_000);
    expect(runSyncRound(a.c, folderA).mendedFiles.map((m) => m.name)).toEqual([name]);
    carry(folderA, folderB, runSyncRound(a.c, folderA).device);
    runSyncRound(b.c, folderB);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(syncedView(b.c).log).toHaveLength(3);
  });

  it("a replay of the writer's own file naming a deck it has since deleted does not make it give up its id, so its damaged file is still written again", () => {
    const folderA = tempDir('demarc-sync-a-');
    const folderB = tempDir('demarc-sync-b-');
    const a = device();
    const b = device();
    const deckId = a.c.authoring.createDeck('Own deck', a.clock.now());
    a.c.authoring.add({ deckId, note: { type: 'basic', front: 'Who patches the guest OS on EC2?', back: 'The customer' }, tags: [] }, a.clock.now());
    const [card] = a.c.study({ deckIds: [deckId] }).cards;
    a.c.answer({ cardId: card!.id, grade: 3, durationMs: 3000 });
    answerSome(a.c, 2);
    const aId = runSyncRound(a.c, folderA).device;
    const bId = runSyncRound(b.c, folderB).device;
    const name = damagedOnTheWay({ folderA, folderB, aId, bId, b: b.c });
    // A deletes its deck (the answer above goes with its card), then its own file comes back under another name.
    a.c.cards.deleteDeck(deckId);
    fs.copyFileSync(path.join(folderA, aId, name), path.join(folderA, aId, changeFileName(500, 'abcdef01')));
    const mended = runSyncRound(a.c, folderA);
    expect(mended.renewedDevice).toBe(false);
    expect(mended.mendedFiles.map((m) => m.name)).toEqual([name]);
    carry(folderA, folderB, aId);
    runSyncRound(b.c, folderB);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(syncedView(b.c).log).toHaveLength(2);
  });

  it('a device that gives up its id (a copy of its collection writes under it) still writes again the files of its old id that others could not read', () => {
    const folderA = tempDir('demarc-sync-a-');
    const folderB = tempDir('demarc-sync-b-');
    const file = path.join(tempDir(), 'a.sqlite');
    const { collection: a } = openTestCollection({ file });
    open.push(a);
    const b = device();
    answerSome(a, 3);
    const aId = runSyncRound(a, folderA).device;
    const bId = runSyncRound(b.c, folderB).device;
    const name = damagedOnTheWay({ folderA, folderB, aId, bId, b: b.c });
    // A copy of A's collection file answers and syncs under A's id, in A's folder.
    databaseOf(a).pragma('wal_checkpoint(TRUNCATE)');
    const copyFile = path.join(path.dirname(file), 'copy.sqlite');
    fs.copyFileSync(file, copyFile);
    const { collection: copy } = openTestCollection({ file: copyFile });
    open.push(copy);
    answerSome(copy, 1);
    expect(runSyncRound(copy, folderA)).toMatchObject({ device: aId, renewedDevice: false });

    const renewed = runSyncRound(a, folderA);
    expect(renewed.renewedDevice).toBe(true);
    expect(renewed.mendedFiles.map((m) => m.name)).toEqual([name]);
    // Written again in the old folder, signed with the old key (B reads it: it pinned that key).
    expect(renewed.mendedFiles[0]!.writtenAs.every((n) => fs.existsSync(path.join(folderA, aId, n)))).toBe(true);
    carry(folderA, folderB, aId);
    carry(folderA, folderB, renewed.device);
    expect(runSyncRound(b.c, folderB).notices).toEqual([]);
    expect(syncedView(b.c).log).toHaveLength(4);
    expect(syncedView(b.c)).toEqual(syncedView(a));
    // Nothing new is signed with the old key: A's later answers go out under its new id.
    answerSome(a, 1);
    const later = runSyncRound(a, folderA);
    expect(later.device).toBe(renewed.device);
    expect(later.mendedFiles).toEqual([]);
  });

  it("a file put in place of the writer's own one, signed with another key, is never written again under the writer's key", () => {
    const { folderA, folderB, a, b, aId, bId, name } = setUp((file) => {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x04;
      fs.writeFileSync(file, bytes);
    });
    runSyncRound(b.c, folderB);
    carry(folderB, folderA, bId);
    // In A's copy, under the name of A's own file: a whole file naming A, signed with a key that is not A's.
    const forged = new HostileDevice(folderA, aId).write([setEvent(aId, a.clock.now(), ['setting', 'desiredRetention'], 0.7)]);
    fs.renameSync(forged, path.join(folderA, aId, name));
    const mended = runSyncRound(a.c, folderA);
    expect(mended.mendedFiles.map((m) => m.name)).toEqual([name]);
    // Not A's: A writes again every event it made, from its collection, and nothing of the forger's.
    carry(folderA, folderB, aId);
    runSyncRound(b.c, folderB);
    expect(syncedView(b.c).log).toHaveLength(3);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(a.c.settings.desiredRetention).not.toBe(0.7);
    expect(b.c.settings.desiredRetention).not.toBe(0.7);
  });

  it("the writer's own copy damaged too: every event it made is written again", () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerSome(a.c, 2);
    const aId = runSyncRound(a.c, folder).device;
    const [name] = fs.readdirSync(path.join(folder, aId)).filter((n) => n.endsWith('.changes'));
    const file = path.join(folder, aId, name!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x04;
    fs.writeFileSync(file, bytes);
    runSyncRound(b.c, folder);
    expect(runSyncRound(a.c, folder).mendedFiles).toHaveLength(1);
    runSyncRound(b.c, folder);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(syncedView(b.c).log).toHaveLength(2);
  });

  it('a file dropped into the writer\'s own folder (a replay of its own file, or one signed with another key) does not make it give up its id, so its damaged file is still written again', () => {
    const { folderA, folderB, a, b, aId, bId, name } = setUp((file) => {
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x04;
      fs.writeFileSync(file, bytes);
    });
    // In A's own copy: its first file again under another name, and a forgery in its name signed with another key.
    const own = path.join(folderA, aId);
    fs.copyFileSync(path.join(own, name), path.join(own, changeFileName(500, 'abcdef01')));
    const forged = new HostileDevice(folderA, aId).write([setEvent(aId, a.clock.now(), ['setting', 'desiredRetention'], 0.7)]);
    runSyncRound(b.c, folderB);
    carry(folderB, folderA, bId);
    const mended = runSyncRound(a.c, folderA);
    expect(mended.renewedDevice).toBe(false);
    expect(mended.device).toBe(aId);
    expect(mended.mendedFiles.map((m) => m.name)).toEqual([name]);
    expect(a.c.settings.desiredRetention).not.toBe(0.7);
    // The forgery stays in A's copy: what B makes of one before it knows A's key is trust on first use (SECURITY.md).
    fs.rmSync(forged);
    carry(folderA, folderB, aId);
    runSyncRound(b.c, folderB);
    expect(syncedView(b.c).log).toHaveLength(3);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
    expect(b.c.settings.desiredRetention).not.toBe(0.7);
  });
});

