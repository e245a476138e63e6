// Reading the sync folder as hostile input: links are never followed (a link
// to /proc/self/pagemap reports size 0 and reads without end), every read is
// bounded by the bytes actually read, a value nested 2,000 deep is refused
// before anything recursive walks it, and a file that cannot be read is set
// aside once, listed, and never stops a round.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { readUntrustedFile } from '../../electron/core/sync/untrusted-file.js';
import { identityOfStat } from '../../electron/core/sync/change-folder-reader.js';
import { databaseOf } from '../helpers/collection-database.js';
import { HostileDevice, nested, setEvent } from '../helpers/hostile-device.js';
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

const other = 'aaaaaaaaaaaaaaaa';
const linux = process.platform === 'linux' && fs.existsSync('/proc/self/pagemap');

function answerFirst(c: Collection): void {
  const card = c.study().cards[0]!;
  c.answer({ cardId: card.id, grade: 3, durationMs: 4000 });
}

describe('reading files from the sync folder', () => {
  it.runIf(linux)('bounds a read by the bytes read, not the size a file reports (/proc/self/pagemap says 0)', () => {
    expect(fs.statSync('/proc/self/pagemap').size).toBe(0);
    expect(readUntrustedFile('/proc/self/pagemap', 1024 * 1024)).toEqual({ ok: false, reason: 'larger than 1 MiB: not read' });
  });

  it.runIf(linux)('never follows a link or opens a FIFO named like a change file, lists each once, and still merges the real files', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device();
    answerFirst(a);
    runSyncRound(a, folder);
    const hostile = new HostileDevice(folder, other);
    const pagemap = path.join(hostile.dir, hostile.nextName());
    fs.symlinkSync('/proc/self/pagemap', pagemap);
    const elsewhere = path.join(tempDir(), 'changes');
    fs.writeFileSync(elsewhere, 'anything');
    fs.symlinkSync(elsewhere, path.join(hostile.dir, hostile.nextName()));
    const fifo = path.join(hostile.dir, hostile.nextName());
    execFileSync('mkfifo', [fifo]);
    // A device folder that is a link to a real device's folder: not followed either.
    fs.symlinkSync(path.join(folder, runSyncRound(a, folder).device), path.join(folder, 'bbbbbbbbbbbbbbbb'));

    const first = runSyncRound(b, folder);
    expect(syncedView(b).log).toHaveLength(1);
    expect(first.read.files).toBe(1);
    expect(first.damagedFiles).toHaveLength(4);
    expect(first.damagedFiles.join('\n')).toMatch(/not followed/);
    const again = runSyncRound(b, folder);
    expect(again.read.files).toBe(0);
    expect(again.damagedFiles).toEqual(first.damagedFiles);
    // Removed from the folder: no longer listed.
    for (const f of [pagemap, fifo]) fs.rmSync(f);
    expect(runSyncRound(b, folder).damagedFiles).toHaveLength(2);
  });

  it('refuses a value nested 2,000 deep without a crash, applies the rest of its file, and never reads it again', () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const hostile = new HostileDevice(folder, other);
    const t = new TestClock().value;
    hostile.write([
      setEvent(other, t, ['setting', 'desiredRetention'], nested(2000)),
      setEvent(other, t + 1, ['setting', 'newPerDay'], 7),
    ]);
    const first = runSyncRound(b, folder);
    expect(first.invalidEvents).toBe(1);
    expect(b.settings.newPerDay).toBe(7);
    const again = runSyncRound(b, folder);
    expect(again.read.files).toBe(0);
  });

  it('lists a damaged file once with its reason, reads it again only when a sync engine replaces it, and then merges it', () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const hostile = new HostileDevice(folder, other);
    const t = new TestClock().value;
    const file = hostile.write([setEvent(other, t, ['setting', 'newPerDay'], 9)]);
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 4] = flipped[flipped.length - 4]! ^ 0x01;
    fs.writeFileSync(file, flipped);
    const first = runSyncRound(b, folder);
    expect(first.damagedFiles).toEqual([`${other}/${path.basename(file)}: the checksum does not match`]);
    expect(runSyncRound(b, folder).damagedFiles).toEqual(first.damagedFiles);
    // The engine puts the whole file in place (a new file, as engines write them).
    fs.rmSync(file);
    fs.writeFileSync(file, good);
    const fixed = runSyncRound(b, folder);
    expect(fixed.damagedFiles).toEqual([]);
    expect(b.settings.newPerDay).toBe(9);
  });

  it('a round that died while reading: the files it was reading are read one at a time, and one that was alone in flight twice is set aside', () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const hostile = new HostileDevice(folder, other);
    const t = new TestClock().value;
    const bad = hostile.write([setEvent(other, t, ['setting', 'newPerDay'], 3)]);
    const fine = hostile.write([setEvent(other, t + 1, ['setting', 'reviewsPerDay'], 123)]);
    const identity = (file: string) => identityOfStat(fs.lstatSync(file, { bigint: true }));
    const entry = (file: string, attempts: number, alone: boolean) => ({
      label: `${other}/${path.basename(file)}`, device: other, name: path.basename(file), identity: identity(file), attempts, alone,
    });
    const db = databaseOf(b);
    // As a round that ran out of memory with `bad` alone in flight, for the second time, leaves it.
    db.prepare("INSERT INTO sync_state (key, value) VALUES ('filesInFlight', ?)").run(JSON.stringify([entry(bad, 2, true)]));
    const r = runSyncRound(b, folder);
    expect(r.damagedFiles).toEqual([`${other}/${path.basename(bad)}: a sync stopped twice while reading it (too large for this device, or the app was closed): not read again as it is`]);
    expect(b.settings.reviewsPerDay).toBe(123);
    expect(b.settings.newPerDay).not.toBe(3);
    expect(db.prepare("SELECT count(*) FROM sync_state WHERE key = 'filesInFlight'").pluck().get()).toBe(0);
    void fine;
  });
});
