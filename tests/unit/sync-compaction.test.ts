// Compaction folds a device's small change files into full ones. Full files
// are told by their header line alone: a long history (a million answers in
// fifty full files) is never read back on every round, which made a day's
// sync on a big collection take seconds.
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { makeDeviceKey } from '../../electron/core/sync/device-keys.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compactAfterFiles, compactOwnFiles, writeChangeFiles } from '../../electron/core/sync/change-file-output.js';
import { decodeChangeFile, encodeChangeFile, eventsPerFile, maxChangeFileBytes } from '../../electron/core/sync/change-file.js';
import { listChangeFolder, readChangeFile } from '../../electron/core/sync/change-folder-reader.js';
import { SyncStore } from '../../electron/core/sync/sync-store.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { tempDir } from '../helpers/test-collection.js';
import { writeConnectionOf } from '../helpers/collection-database.js';

const device = '0123456789abcdef';
const undo = (n: number) => JSON.stringify({ type: 'undo', id: `undo:a:${n}`, device, answer: `a:${n}`, card: { deck: 'd', key: `k${n}` } });

afterEach(() => vi.restoreAllMocks());

describe('compacting own change files', () => {
  it('folds the small files into one and never reads a full file past its header', () => {
    const db: Database.Database = openDatabase(':memory:');
    const store = new SyncStore(writeConnectionOf(db));
    const dir = path.join(tempDir('demarc-compact-'), device);
    fs.mkdirSync(dir);
    const [full] = writeChangeFiles(store, dir, device, Array.from({ length: eventsPerFile }, (_, i) => undo(i)));
    const small: string[] = [];
    for (let i = 0; i < compactAfterFiles; i++) small.push(...writeChangeFiles(store, dir, device, [undo(eventsPerFile + i)]));

    // Each small file is opened twice (its header, then whole), the full one once, for its header.
    const opens = vi.spyOn(fs, 'openSync');
    expect(compactOwnFiles(store, dir, device)).toBe(compactAfterFiles);
    const opened = opens.mock.calls.map(([file]) => path.basename(String(file))).filter((n) => n.endsWith('.changes') && !n.startsWith('.tmp-'));
    expect(opened.filter((n) => n === full)).toHaveLength(1);
    expect(opened.filter((n) => n !== full).sort()).toEqual([...small, ...small].sort());

    // The full file is untouched; the small ones are gone, their events in one new file.
    const left = fs.readdirSync(dir).sort();
    expect(left).toHaveLength(2);
    expect(left).toContain(full);
    const folded = decodeChangeFile(fs.readFileSync(path.join(dir, left.find((n) => n !== full)!)));
    expect(folded.status === 'whole' && folded.events.map((e) => e.id).sort()).toEqual(small.map((_, i) => `undo:a:${eventsPerFile + i}`).sort());
    expect(store.ownFiles(device).sort()).toEqual(left);
    db.close();
  });

  it('leaves a file whose header cannot be read where it is', () => {
    const db: Database.Database = openDatabase(':memory:');
    const store = new SyncStore(writeConnectionOf(db));
    const dir = path.join(tempDir('demarc-compact-'), device);
    fs.mkdirSync(dir);
    const names: string[] = [];
    for (let i = 0; i <= compactAfterFiles; i++) names.push(...writeChangeFiles(store, dir, device, [undo(i)]));
    fs.writeFileSync(path.join(dir, names[0]!), 'not a header\n[]\n');
    expect(compactOwnFiles(store, dir, device)).toBe(compactAfterFiles);
    expect(fs.readdirSync(dir)).toContain(names[0]);
    db.close();
  });
});

describe('reading the folder', () => {
  it('never reads a change file larger than any Demarc writes, and says so', () => {
    const folder = tempDir('demarc-scan-');
    const dir = path.join(folder, device);
    fs.mkdirSync(dir);
    const huge = path.join(dir, '00000001-0badf00d.changes');
    fs.writeFileSync(huge, encodeChangeFile(device, 1, [undo(1)], makeDeviceKey()));
    fs.truncateSync(huge, maxChangeFileBytes + 1);
    const reads = vi.spyOn(fs, 'readSync');
    const [entry] = listChangeFolder(folder, () => false).todo;
    expect(readChangeFile(entry!)).toEqual({ status: 'unreadable', reason: expect.stringMatching(/^larger than any change file Demarc writes \(64 MiB\)/) as unknown });
    expect(reads).not.toHaveBeenCalled();
  });
});
