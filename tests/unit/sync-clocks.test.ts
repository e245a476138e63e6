// Clocks that disagree. A stamp more than a few minutes ahead of this
// machine's clock (a machine running fast, a forged stamp from the year
// 2100 or the largest one the format holds) never wins early and never drags
// this clock along: it waits until this clock reaches it, and the status
// names the device. The clock's counter never outgrows its digits.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { decodeHlc, futureMarginMs, HybridClock, isHlc, maxHlcCounter } from '../../electron/core/sync/hybrid-clock.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { HostileDevice, setEvent } from '../helpers/hostile-device.js';
import { syncedView } from '../helpers/sync-compare.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

const open: Collection[] = [];
function device(clock = new TestClock()): { c: Collection; clock: TestClock } {
  const { collection } = openTestCollection({ clock });
  open.push(collection);
  return { c: collection, clock };
}
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const hostileId = 'ffffffffffffffff';
const largestMs = 999_999_999_999_999;
const year2100 = Date.UTC(2100, 0, 1);
const hour = 3_600_000;

function storedClock(c: Collection): number {
  return decodeHlc(databaseOf(c).prepare("SELECT value FROM sync_state WHERE key = 'clock'").pluck().get() as string)!.ms;
}

describe('stamps from the future', () => {
  it('the largest stamp and one from 2100 never win, never move this clock, and the status names their device', () => {
    const folder = tempDir('demarc-sync-');
    const b = device();
    const c = device();
    const card = b.c.study().cards[0]!;
    const { source_deck_id: deck, key } = b.c.cardRecord(card.id);
    const hostile = new HostileDevice(folder, hostileId);
    hostile.write([
      setEvent(hostileId, largestMs, ['setting', 'desiredRetention'], 0.7, maxHlcCounter),
      setEvent(hostileId, largestMs, ['setting', 'newPerDay'], 99, maxHlcCounter - 1),
      setEvent(hostileId, largestMs, ['card', deck, key, 'suspended'], true, maxHlcCounter - 2),
      setEvent(hostileId, year2100, ['setting', 'reviewsPerDay'], 1),
      {
        type: 'answer', id: 'a:from-the-year-2100-xxx', device: hostileId, card: { deck, key }, at: year2100, day: 40_000, rating: 4, stateBefore: 0,
        kind: 'learning', scheduledDays: 0, elapsedDays: 0, durationMs: 1000, stability: null, difficulty: null, pickedOwner: null, correct: null,
      },
    ]);
    const before = { ...b.c.settings };
    const r = runSyncRound(b.c, folder);
    expect(b.c.settings).toEqual(before);
    expect(b.c.cardRecord(card.id)).toMatchObject({ suspended: 0, reps: 0, state: 0 });
    expect(r.heldBack).toEqual([{ device: hostileId, events: 5, aheadMs: largestMs - b.clock.now() }]);
    expect(r.notices[0]!.message).toMatch(new RegExp(`^Device ${hostileId} has 5 changes stamped about [\\d,]+ years ahead of this machine's clock`));
    expect(storedClock(b.c)).toBeLessThanOrEqual(b.clock.now() + futureMarginMs);

    // This machine's own edits still win here and travel: the other device takes them and holds the same forgeries.
    b.clock.advance(60_000);
    b.c.updateSettings({ desiredRetention: 0.85 });
    b.c.cards.setSuspended([card.id], true);
    runSyncRound(b.c, folder);
    expect(b.c.settings.desiredRetention).toBe(0.85);
    const onC = runSyncRound(c.c, folder);
    expect(onC.invalidEvents).toBe(0);
    expect(c.c.settings.desiredRetention).toBe(0.85);
    expect(onC.heldBack).toEqual([expect.objectContaining({ device: hostileId, events: 5 })]);
    expect(syncedView(c.c)).toEqual(syncedView(b.c));
    // Held, not read again: the next round costs nothing more.
    expect(runSyncRound(b.c, folder).read.files).toBe(0);
  });

  it("the clock's counter carries into the next millisecond instead of growing a seventh digit", () => {
    const t = Date.UTC(2026, 2, 4);
    const clock = new HybridClock('0123456789abcdef', { ms: t, counter: maxHlcCounter - 1, device: '0123456789abcdef' });
    const stamps = [clock.tick(t - 5), clock.tick(t - 5), clock.tick(t - 5)];
    expect(stamps.every(isHlc)).toBe(true);
    expect(stamps.map((s) => decodeHlc(s))).toEqual([
      { ms: t, counter: maxHlcCounter, device: '0123456789abcdef' },
      { ms: t + 1, counter: 0, device: '0123456789abcdef' },
      { ms: t + 1, counter: 1, device: '0123456789abcdef' },
    ]);
    expect([...stamps].sort()).toEqual(stamps);
    // Received, the largest counter is carried the same way.
    const other = new HybridClock('fedcba9876543210');
    other.receive(`${String(t).padStart(15, '0')}-${maxHlcCounter}-0123456789abcdef`);
    expect(isHlc(other.tick(t))).toBe(true);
  });
});

describe('two devices with clocks 5 hours apart', () => {
  it('edit the same setting and card: each keeps its own until the fast stamp comes due here, then both hold the later stamp', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device(new TestClock(new TestClock().value + 5 * hour));
    const deckId = a.c.authoring.createDeck('Clocks', a.clock.now());
    const saved = a.c.authoring.add({ deckId, note: { type: 'basic', front: 'Original', back: 'Back' }, tags: [] }, a.clock.now());
    const key = a.c.cardRecord(saved.cardIds[0]!).key;
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const onB = databaseOf(b.c).prepare('SELECT id FROM cards WHERE key = ?').pluck().get(key) as number;
    const front = (d: { c: Collection }) =>
      (JSON.parse(databaseOf(d.c).prepare('SELECT content FROM cards WHERE key = ?').pluck().get(key) as string) as { front: string }).front;
    const edit = (d: { c: Collection; clock: TestClock }, id: number, text: string, retention: number) => {
      d.c.updateSettings({ desiredRetention: retention });
      d.c.authoring.update(id, { deckId, note: { type: 'basic', front: text, back: 'Back' }, tags: [] }, d.clock.now());
    };
    const pass = (ms: number) => {
      a.clock.advance(ms);
      b.clock.advance(ms);
    };

    // B (5 h fast) edits first; A edits the same 3 s later in real time.
    edit(b, onB, 'Edited on B', 0.8);
    runSyncRound(b.c, folder);
    pass(3000);
    edit(a, saved.cardIds[0]!, 'Edited on A', 0.95);
    const onA = runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);

    // A holds B's edits (the setting, the note and its card, stamped 5 h ahead of its clock) and says so; B keeps its own, stamped later.
    expect(a.c.settings.desiredRetention).toBe(0.95);
    expect(front(a)).toBe('Edited on A');
    expect(onA.heldBack).toEqual([expect.objectContaining({ device: runSyncRound(b.c, folder).device, events: 3 })]);
    expect(onA.notices[0]!.message).toMatch(/stamped about 5 hours ahead of this machine's clock/);
    expect(b.c.settings.desiredRetention).toBe(0.8);
    expect(front(b)).toBe('Edited on B');

    // Once A's clock reaches B's stamps, A takes them in as just arrived: both hold the later stamp.
    pass(5 * hour);
    const later = runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(later.heldBack).toEqual([]);
    expect(later.notices).toEqual([]);
    expect(a.c.settings.desiredRetention).toBe(0.8);
    expect(front(a)).toBe('Edited on B');
    expect(syncedView(a.c)).toEqual(syncedView(b.c));
    void path;
  });
});
