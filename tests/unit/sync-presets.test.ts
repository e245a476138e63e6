// A sync replay schedules a card exactly as answering did: with its deck's
// preset and the exam mode. One device answers in a preset deck and syncs,
// another takes the answers in, and both must hold the very card states of a
// third device that answered the same way and never synced.
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { presetConfigOf } from '../../electron/core/presets/preset-schema.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

const open: { c: Collection; clock: TestClock }[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.c.close();
});

const deck = 'iaas-ec2';
const day = 86_400_000;

/** A device whose deck uses a preset capping intervals at two days (no load balancer: it reads this device's own workload). */
function device(examDate: string | null): { c: Collection; clock: TestClock } {
  const { collection, clock } = openTestCollection();
  collection.updateSettings({ loadBalancer: false });
  const preset = collection.presets.create('Two days', { ...presetConfigOf(collection.settings), maximumIntervalDays: 2, desiredRetention: 0.8, learningSteps: [] });
  collection.presets.assign(deck, preset);
  collection.presetsChanged();
  if (examDate) collection.setDeckOptions(deck, { newPerDay: null, reviewsPerDay: null, examDate });
  const d = { c: collection, clock };
  open.push(d);
  return d;
}

function states(c: Collection, keys: readonly string[]): unknown[] {
  return keys.map((key) =>
    databaseOf(c)
      .prepare('SELECT state, due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, last_review FROM cards WHERE source_deck_id = ? AND key = ?')
      .get(deck, key),
  );
}

/** The same answers on each device, at the same moments: six study days, three cards. */
function study(devices: { c: Collection; clock: TestClock }[]): string[] {
  const keys = (databaseOf(devices[0]!.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 3').pluck().all(deck) as string[]);
  for (let d = 0; d < 6; d++) {
    keys.forEach((key, i) => {
      for (const { c } of devices) {
        const id = databaseOf(c).prepare('SELECT id FROM cards WHERE source_deck_id = ? AND key = ?').pluck().get(deck, key) as number;
        c.answer({ cardId: id, grade: ([3, 4, 3, 2] as const)[(d + i) % 4]!, durationMs: 3000 });
      }
      for (const x of devices) x.clock.advance(60_000);
    });
    for (const x of devices) x.clock.advance(2 * day);
  }
  return keys;
}

describe("sync replays use the deck's own scheduler", () => {
  it('a preset deck answered on one device: after syncing, both devices hold what a device that never synced holds', () => {
    const folder = tempDir('demarc-sync-');
    const a = device(null);
    const b = device(null);
    const alone = device(null);
    // The same answers in the deck on Default, to show the preset matters here.
    const plain = openTestCollection();
    plain.collection.updateSettings({ loadBalancer: false });
    open.push({ c: plain.collection, clock: plain.clock });
    const keys = study([a, alone, { c: plain.collection, clock: plain.clock }]);
    const expected = states(alone.c, keys);
    expect(states(plain.collection, keys)).not.toEqual(expected);
    b.clock.value = a.clock.value;
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(states(a.c, keys)).toEqual(expected);
    expect(states(b.c, keys)).toEqual(expected);
  });

  it('with an exam date on the deck (the exam mode spreads cards by a number every device shares), too', () => {
    const folder = tempDir('demarc-sync-');
    const examDate = new Date(new TestClock().value + 9 * day).toISOString().slice(0, 10);
    const a = device(examDate);
    const b = device(examDate);
    const alone = device(examDate);
    const keys = study([a, alone]);
    const expected = states(alone.c, keys);
    b.clock.value = a.clock.value;
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(states(a.c, keys)).toEqual(expected);
    expect(states(b.c, keys)).toEqual(expected);
  });
});
