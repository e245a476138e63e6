import { makeDeviceKey } from '../../electron/core/sync/device-keys.js';
import { describe, expect, it } from 'vitest';
import { decodeChangeFile, encodeChangeFile, parseChangeFileName } from '../../electron/core/sync/change-file.js';
import { decodeHlc, HybridClock } from '../../electron/core/sync/hybrid-clock.js';
import { FsrsScheduler, newMemoryState } from '../../electron/core/scheduling/fsrs-scheduler.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import { replayAnswers } from '../../electron/core/sync/card-replay.js';

const device = '0123456789abcdef';
const key = makeDeviceKey();
const undo = (n: number) => JSON.stringify({ type: 'undo', id: `undo:a:${n}`, device, answer: `a:${n}`, card: { deck: 'd', key: `k${n}` } });

describe('change files', () => {
  it('reads a whole file, and tells a half-copied one from a damaged one', () => {
    const bytes = Buffer.from(encodeChangeFile(device, 7, [undo(1), undo(2)], key));
    const whole = decodeChangeFile(bytes);
    expect(whole.status).toBe('whole');
    if (whole.status === 'whole') expect(whole.events.map((e) => e.id)).toEqual(['undo:a:1', 'undo:a:2']);
    for (const cut of [10, bytes.indexOf(0x0a) + 1, bytes.length - 3]) expect(decodeChangeFile(bytes.subarray(0, cut)).status).toBe('incomplete');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] = 0x20;
    expect(decodeChangeFile(flipped)).toMatchObject({ status: 'damaged', reason: 'the checksum does not match' });
    expect(decodeChangeFile(Buffer.from('not json\n[]')).status).toBe('damaged');
  });

  it('counts events that fail validation and applies none of them', () => {
    const hostile = JSON.stringify({ type: 'answer', id: 'x', device, card: { deck: 'd', key: 'k' }, at: 'soon', __proto__: 1 });
    const decoded = decodeChangeFile(Buffer.from(encodeChangeFile(device, 1, [hostile, undo(3)], key)));
    expect(decoded).toMatchObject({ status: 'whole', invalid: 1 });
  });

  it("recognises Syncthing's, Dropbox's and OneDrive's conflict copies and skips temporary files", () => {
    expect(parseChangeFileName('00000007-3fa9c2d1.changes')).toEqual({ seq: 7, conflictCopy: null });
    expect(parseChangeFileName('00000007-3fa9c2d1.sync-conflict-20261201-101500-ABCDEFG.changes')?.conflictCopy).toBe('syncthing');
    expect(parseChangeFileName("00000007-3fa9c2d1 (Laptop's conflicted copy 2026-12-01).changes")?.conflictCopy).toBe('dropbox');
    expect(parseChangeFileName('00000007-3fa9c2d1-DESKTOP7.changes')?.conflictCopy).toBe('onedrive');
    expect(parseChangeFileName('.tmp-abc-00000007-3fa9c2d1.changes')).toBeNull();
    expect(parseChangeFileName('.syncthing.00000007-3fa9c2d1.changes.tmp')).toBeNull();
    expect(parseChangeFileName('notes.txt')).toBeNull();
  });
});

describe('hybrid logical clock', () => {
  it('stamps a later edit later even when the wall clock runs hours behind the other device', () => {
    const ahead = new HybridClock('aaaaaaaaaaaaaaaa');
    const behind = new HybridClock('bbbbbbbbbbbbbbbb');
    const t = Date.UTC(2026, 11, 1, 12);
    const first = ahead.tick(t + 3 * 3_600_000);
    behind.receive(first);
    const second = behind.tick(t);
    expect(second > first).toBe(true);
    expect(decodeHlc(second)?.ms).toBe(t + 3 * 3_600_000);
  });
});

describe('deterministic replay', () => {
  it("ts-fsrs's fuzz depends only on the card and the review time, so two devices compute the same due date", () => {
    const scheduler = new FsrsScheduler({ ...defaultSettings, enableFuzz: true });
    const day = 86_400_000;
    const start = Date.UTC(2026, 0, 1, 9);
    const answers = [0, 1, 4, 15, 50, 140].map((d, i) => ({ at: start + d * day, eventId: `a:${i}`, rating: 3, kind: 'review' as const }));
    const one = replayAnswers(scheduler, { stableId: 1, deckId: 'd' }, answers);
    const two = replayAnswers(new FsrsScheduler({ ...defaultSettings, enableFuzz: true }), { stableId: 1, deckId: 'd' }, answers);
    expect(two).toEqual(one);
    // …and the fuzz is really on: another review time gives another interval.
    const shifted = replayAnswers(scheduler, { stableId: 1, deckId: 'd' }, answers.map((a, i) => (i === 5 ? { ...a, at: a.at + 3_600_000 } : a)));
    expect(shifted.due - shifted.lastReview!).not.toBe(one.due - one.lastReview!);
    // The state after a prefix, carried on, is the state of the whole history.
    const prefix = replayAnswers(scheduler, { stableId: 1, deckId: 'd' }, answers.slice(0, 3));
    expect(replayAnswers(scheduler, { stableId: 1, deckId: 'd' }, answers.slice(3), prefix)).toEqual(one);
    expect(replayAnswers(scheduler, { stableId: 1, deckId: 'd' }, [])).toEqual(newMemoryState(0));
  });
});
