// Who may change what through the sync folder. Every change file is signed
// by its device's Ed25519 key, pinned the first time it is read; an event
// counts only for the device that signed its file; an answer is undone only
// by the device that gave it. So the answer ids a device publishes are not
// enough to erase its reviews, and no device can write as another.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { makeDeviceKey } from '../../electron/core/sync/device-keys.js';
import { maxUndosWaiting } from '../../electron/core/sync/merge-events.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { HostileDevice, setEvent } from '../helpers/hostile-device.js';
import { syncedView } from '../helpers/sync-compare.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

const open: Collection[] = [];
function device(clock = new TestClock()): Collection {
  const { collection } = openTestCollection({ clock });
  open.push(collection);
  return collection;
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** Read before any other device's folder (folders are read in name order). */
const mallory = '0000000000000000';

function answerSome(c: Collection, n: number): void {
  for (const card of c.study().cards.slice(0, n)) c.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
}

/** The answers the folder shows to anyone: their ids, devices and cards. */
function publishedAnswers(c: Collection): { id: string; device: string; card: { deck: string; key: string } }[] {
  return databaseOf(c)
    .prepare('SELECT r.event_id AS id, r.event_device AS device, c.source_deck_id AS deck, c.key FROM review_log r JOIN cards c ON c.id = r.card_id')
    .all()
    .map((r) => {
      const row = r as { id: string; device: string; deck: string; key: string };
      return { id: row.id, device: row.device, card: { deck: row.deck, key: row.key } };
    });
}

const undoOf = (a: { id: string; card: { deck: string; key: string } }, device: string) => ({ type: 'undo', id: `undo:${a.id}`, device, answer: a.id, card: a.card });

describe('forged undos', () => {
  it("undos of another device's answers erase nothing, on a device that has the answers and on one that meets the undos first", () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerSome(a, 5);
    runSyncRound(a, folder);
    runSyncRound(b, folder);
    const answers = publishedAnswers(a);
    expect(answers).toHaveLength(5);

    // Mallory undoes every one of them: in its own name, in A's name inside its own file, and in a file in A's folder.
    const m = new HostileDevice(folder, mallory);
    m.write(answers.map((x) => undoOf(x, mallory)));
    m.write(answers.map((x) => undoOf(x, x.device)));
    // Its name sorts after A's own file, so a device new to A reads A's file first (the other order is
    // trust on first use, the next test).
    const inA = new HostileDevice(folder, answers[0]!.device, 2);
    inA.key = makeDeviceKey();
    const planted = inA.write(answers.map((x) => undoOf(x, x.device)));

    const r = runSyncRound(b, folder);
    expect(syncedView(b).log).toHaveLength(5);
    expect(r.refused).toEqual({ foreign: 5, notTheirs: 5, flood: 0, tooLarge: 0 });
    expect(r.notices.map((n) => n.message)).toEqual(expect.arrayContaining([
      'Refused 5 changes that claimed to come from another device than the one that signed them.',
      'Refused 5 undos of answers that the undoing device did not give.',
      `Could not read ${answers[0]!.device}/${path.basename(planted)}: it is signed with another key than the one device ${answers[0]!.device}'s files carried when this machine first read them: not read.`,
    ]));

    // A device syncing for the first time reads Mallory's undos before A's answers: they wait, and die when the answers come.
    const c = device();
    runSyncRound(c, folder);
    expect(syncedView(c).log).toHaveLength(5);
    expect(databaseOf(c).prepare('SELECT count(*) FROM sync_events WHERE pending = 3').pluck().get()).toBe(0);
    runSyncRound(a, folder);
    expect(syncedView(a)).toEqual(syncedView(b));
    expect(syncedView(c)).toEqual(syncedView(b));
  });

  it("trust on first use: a forgery read before a device's first file takes that device's id there, and only there (SECURITY.md)", () => {
    const folder = tempDir('demarc-sync-');
    const clock = new TestClock();
    const a = device(clock);
    const b = device();
    answerSome(a, 3);
    runSyncRound(a, folder);
    runSyncRound(b, folder);
    const aId = publishedAnswers(a)[0]!.device;
    // Its name sorts before A's first file: a device new to A reads it first.
    const forger = new HostileDevice(folder, aId, 0);
    forger.key = makeDeviceKey();
    const forged = forger.write([setEvent(aId, clock.now(), ['setting', 'desiredRetention'], 0.7)]);
    expect(path.basename(forged) < fs.readdirSync(path.dirname(forged)).filter((f) => f !== path.basename(forged)).sort()[0]!).toBe(true);

    const c = device();
    const r = runSyncRound(c, folder);
    expect(c.settings.desiredRetention).toBe(0.7);
    expect(syncedView(c).log).toHaveLength(0);
    expect(r.damagedFiles.some((d) => d.startsWith(`${aId}/`) && d.includes('signed with another key'))).toBe(true);
    // B pinned A's key before the forgery came: it refuses it and keeps A's answers.
    runSyncRound(b, folder);
    expect(b.settings.desiredRetention).not.toBe(0.7);
    expect(syncedView(b).log).toHaveLength(3);
  });

  it('an undo that arrives before its answer (from the device that gave it) still takes it back when the answer comes', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const c = device();
    answerSome(a, 1);
    const first = runSyncRound(a, folder);
    const dir = path.join(folder, first.device);
    const answerFile = fs.readdirSync(dir)[0]!;
    a.undo();
    runSyncRound(a, folder);
    // The sync engine delivers the undo's file first.
    const aside = path.join(tempDir(), answerFile);
    fs.renameSync(path.join(dir, answerFile), aside);
    runSyncRound(c, folder);
    fs.renameSync(aside, path.join(dir, answerFile));
    runSyncRound(c, folder);
    expect(syncedView(c).log).toHaveLength(0);
    expect(syncedView(c)).toEqual(syncedView(a));
  });

  it(`keeps at most ${maxUndosWaiting} undos of answers that never came per device, and says so`, () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const m = new HostileDevice(folder, mallory);
    const undos = Array.from({ length: maxUndosWaiting + 1000 }, (_, i) => {
      const id = `a:${createHash('sha256').update(String(i)).digest('base64url').slice(0, 22)}`;
      return undoOf({ id, card: { deck: 'core-model', key: `nothing-${i}` } }, mallory);
    });
    m.write(undos);
    const r = runSyncRound(b, folder);
    expect(r.refused.flood).toBe(1000);
    expect(databaseOf(b).prepare('SELECT count(*) FROM sync_events WHERE pending = 3').pluck().get()).toBe(maxUndosWaiting);
    expect(r.notices.some((n) => n.message.startsWith('Refused 1,000 changes from a device that already had more waiting here'))).toBe(true);
  });
});

describe('signed change files', () => {
  it("a file copied into another device's folder, and an unsigned one from an older Demarc, are not read", () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerSome(a, 1);
    const aDevice = runSyncRound(a, folder).device;
    const other = new HostileDevice(folder, 'bbbbbbbbbbbbbbbb');
    const copied = path.join(other.dir, fs.readdirSync(path.join(folder, aDevice))[0]!);
    fs.copyFileSync(path.join(folder, aDevice, path.basename(copied)), copied);
    const old = path.join(other.dir, other.nextName());
    const body = '[]';
    fs.writeFileSync(old, `${JSON.stringify({ format: 'demarc-changes/1', device: other.id, seq: 9, count: 0, bytes: 2, sha256: createHash('sha256').update(body).digest('hex') })}\n${body}\n`);
    const r = runSyncRound(b, folder);
    expect(syncedView(b).log).toHaveLength(1);
    expect(r.damagedFiles.sort()).toEqual([
      `${other.id}/${path.basename(copied)}: it says it was written by device ${aDevice}, but it is in device ${other.id}'s folder: not read`,
      `${other.id}/${path.basename(old)}: written by an older Demarc, without a signature: update Demarc on that device, which then writes its changes again, signed`,
    ].sort());
  });

  it('a device updated from a version that wrote unsigned files writes its history again, signed, and removes the unsigned files', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    answerSome(a, 2);
    const aDevice = runSyncRound(a, folder).device;
    const dir = path.join(folder, aDevice);
    // As the older version left it: the same events under an unsigned header, and no note that the history is signed.
    for (const name of fs.readdirSync(dir)) {
      const [header, events] = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
      const h = JSON.parse(header!) as Record<string, unknown>;
      fs.writeFileSync(path.join(dir, name), `${JSON.stringify({ format: 'demarc-changes/1', device: h.device, seq: h.seq, count: h.count, bytes: h.bytes, sha256: h.sha256 })}\n${events}\n`);
    }
    databaseOf(a).prepare("DELETE FROM sync_state WHERE key = 'ownFilesSigned'").run();
    const old = fs.readdirSync(dir);
    runSyncRound(a, folder);
    expect(fs.readdirSync(dir).filter((n) => old.includes(n))).toEqual([]);
    const b = device();
    const r = runSyncRound(b, folder);
    expect(r.damagedFiles).toEqual([]);
    expect(syncedView(b)).toEqual(syncedView(a));
  });
});
