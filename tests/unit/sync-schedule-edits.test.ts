// What the learner does to cards' schedules and to presets travels: two
// devices over one shared folder. Burying, flags, set due date, reset, a
// preset made and changed, which deck uses it, and deleting a deck, each made
// on the first device, arrive on the second; a reset is not undone by the
// next sync that replays the card's history; two edits of one field made
// before the devices synced end the same on both (the later stamp wins).
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { presetConfigOf } from '../../electron/core/presets/preset-schema.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';
import { syncedView } from '../helpers/sync-compare.js';
import { HostileDevice, setEvent } from '../helpers/hostile-device.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { default_w } from 'ts-fsrs';

const open: { c: Collection; clock: TestClock }[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.c.close();
});

const deck = 'iaas-ec2';
const day = 86_400_000;

function device(clock?: TestClock): { c: Collection; clock: TestClock } {
  const { collection, clock: used } = openTestCollection(clock ? { clock } : {});
  const d = { c: collection, clock: used };
  open.push(d);
  return d;
}

const cardId = (c: Collection, key: string) => databaseOf(c).prepare('SELECT id FROM cards WHERE source_deck_id = ? AND key = ?').pluck().get(deck, key) as number;
const row = (c: Collection, key: string) =>
  databaseOf(c).prepare('SELECT state, due, scheduled_days AS scheduledDays, reps, buried_day AS buriedDay, flag FROM cards WHERE source_deck_id = ? AND key = ?').get(deck, key) as
    { state: number; due: number; scheduledDays: number; reps: number; buriedDay: number; flag: number };

/** Answers a card a few times over some days, so it has a history a sync replays. */
function study(d: { c: Collection; clock: TestClock }, key: string): void {
  for (const grade of [3, 3, 3] as const) {
    d.c.answer({ cardId: cardId(d.c, key), grade, durationMs: 2000 });
    d.clock.advance(3 * day);
  }
}

/**
 * Two synced devices whose first card A answered over some days, A's clock then set back behind those answers
 * (as a copy of the file holds them: stamped two hours ahead of its clock now).
 */
function answersAheadOfTheClock() {
  const folder = tempDir('demarc-sync-');
  const a = device();
  const b = device(new TestClock(a.clock.value));
  const key = databaseOf(a.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 1').pluck().get(deck) as string;
  study(a, key);
  runSyncRound(a.c, folder);
  runSyncRound(b.c, folder);
  a.clock.value -= 3 * day + 2 * 3_600_000;
  return { folder, a, b, key };
}

describe('schedule edits travel between devices', () => {
  it('bury, flag, set due, reset, a preset change, a deck-to-preset assignment and a deck deletion arrive on the second machine', () => {
    const folder = tempDir('demarc-sync-');
    const clock = new TestClock();
    const a = device(clock);
    const b = device(new TestClock(clock.value));
    const keys = databaseOf(a.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 4').pluck().all(deck) as string[];
    const [buried, flagged, moved, reset] = keys as [string, string, string, string];
    study(a, moved);
    study(a, reset);
    b.clock.value = a.clock.value;
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(row(b.c, reset).reps).toBe(3);

    a.c.bury(cardId(a.c, buried));
    a.c.setFlag(cardId(a.c, flagged), 2);
    a.c.setDue([cardId(a.c, moved)], 7);
    a.c.bulkAction({ action: 'reset', cardIds: [cardId(a.c, reset)] });
    const presetId = a.c.presets.create('Exam cram', { ...presetConfigOf(a.c.settings), desiredRetention: 0.95, maximumIntervalDays: 30 });
    a.c.presets.assign(deck, presetId);
    a.c.presets.update(presetId, 'Exam cram', { ...presetConfigOf(a.c.settings), desiredRetention: 0.93, maximumIntervalDays: 20 });
    a.c.presetsChanged();
    runSyncRound(a.c, folder);
    const arrived = runSyncRound(b.c, folder);
    expect(arrived.invalidEvents).toBe(0);

    const today = studyDay(b.clock.now(), b.c.settings.rolloverHour);
    expect(row(b.c, buried).buriedDay).toBe(today);
    expect(row(b.c, flagged).flag).toBe(2);
    expect(row(b.c, moved)).toMatchObject({ due: row(a.c, moved).due, scheduledDays: 7, state: 2 });
    expect(row(b.c, reset)).toMatchObject({ state: 0, reps: 0 });
    const presets = b.c.presets.list(b.c.settings);
    const cram = presets.find((p) => p.name === 'Exam cram');
    expect(cram?.config).toMatchObject({ desiredRetention: 0.93, maximumIntervalDays: 20 });
    expect(cram?.deckIds).toEqual([deck]);

    // The next sync that replays the reset card's history (a new answer on the first machine) keeps the reset.
    a.clock.advance(day);
    b.clock.value = a.clock.value;
    a.c.answer({ cardId: cardId(a.c, reset), grade: 3, durationMs: 2000 });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    runSyncRound(a.c, folder);
    expect(row(b.c, reset).reps).toBe(1);
    expect(row(a.c, reset).reps).toBe(1);
    // The hand-set due date survives the replay too.
    expect(row(b.c, moved).due).toBe(row(a.c, moved).due);
    expect(syncedView(b.c)).toEqual(syncedView(a.c));

    // Unburying (the bury taken back with Undo in review) travels too.
    const session = a.c.study().sessionId;
    a.c.bury(cardId(a.c, flagged), session);
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(row(b.c, flagged).buriedDay).not.toBe(0);
    expect(a.c.undo(session)).not.toBeNull();
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(row(b.c, flagged).buriedDay).toBe(0);

    // Deleting the preset sends its deck back to Default on both.
    a.c.presets.delete(presetId);
    a.c.presetsChanged();
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(b.c.presets.list(b.c.settings).map((p) => p.name)).toEqual(['Default']);
  });

  it('Postpone and Advance move due dates that arrive on the second machine and survive its replay', () => {
    const folder = tempDir('demarc-sync-');
    const clock = new TestClock();
    const a = device(clock);
    const b = device(new TestClock(clock.value));
    const [key] = databaseOf(a.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 1').pluck().all(deck) as string[];
    study(a, key!);
    b.clock.value = a.clock.value;
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    const before = row(b.c, key!).due;
    expect(row(a.c, key!).due).toBe(before);

    const advanced = a.c.shift({ kind: 'advance', scope: { deckId: deck }, days: 0 });
    expect(advanced.changed).toBe(1);
    expect(row(a.c, key!).due).toBeLessThan(before);
    runSyncRound(a.c, folder);
    expect(runSyncRound(b.c, folder).invalidEvents).toBe(0);
    expect(row(b.c, key!)).toMatchObject({ due: row(a.c, key!).due, scheduledDays: row(a.c, key!).scheduledDays });
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('a reset on a machine whose clock is behind the card\'s answers (a collection copied from a machine ahead) resets the card there and everywhere', () => {
    const { folder, a, b, key } = answersAheadOfTheClock();
    a.c.bulkAction({ action: 'reset', cardIds: [cardId(a.c, key)] });
    expect(row(a.c, key)).toMatchObject({ state: 0, reps: 0 });
    runSyncRound(a.c, folder);
    b.clock.value = a.clock.value + 3 * day + 3 * 3_600_000;
    runSyncRound(b.c, folder);
    expect(row(b.c, key)).toMatchObject({ state: 0, reps: 0 });
    expect(syncedView(b.c)).toEqual(syncedView(a.c));
  });

  it('a due date set by hand, or an Advance, on a machine whose clock is behind the card\'s answers holds there and everywhere', () => {
    for (const edit of ['setDue', 'advance'] as const) {
      const { folder, a, b, key } = answersAheadOfTheClock();
      const answered = row(a.c, key).due;
      if (edit === 'setDue') a.c.setDue([cardId(a.c, key)], 40);
      else expect(a.c.shift({ kind: 'advance', scope: { deckId: deck }, days: 0 }).changed).toBe(1);
      const set = row(a.c, key).due;
      expect(set, edit).not.toBe(answered);
      runSyncRound(a.c, folder);
      b.clock.value = a.clock.value + 3 * day + 3 * 3_600_000;
      runSyncRound(b.c, folder);
      expect(row(b.c, key).due, edit).toBe(set);
      expect(syncedView(b.c), edit).toEqual(syncedView(a.c));
    }
  });

  it('a deck deleted on one machine is deleted on the other, with its cards', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device(new TestClock(a.clock.value));
    const deckId = a.c.authoring.createDeck('Mine', a.clock.now());
    a.c.authoring.add({ deckId, note: { type: 'basic', front: 'What is a VPC?', back: 'A virtual network' }, tags: [] }, a.clock.now());
    const card = databaseOf(a.c).prepare('SELECT id FROM cards WHERE deck_id = ?').pluck().get(deckId) as number;
    a.c.answer({ cardId: card, grade: 3, durationMs: 2000 });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(databaseOf(b.c).prepare('SELECT 1 FROM decks WHERE id = ?').get(deckId)).toBeDefined();
    a.c.cards.deleteDeck(deckId);
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(databaseOf(b.c).prepare('SELECT 1 FROM decks WHERE id = ?').get(deckId)).toBeUndefined();
    expect(databaseOf(b.c).prepare('SELECT count(*) FROM cards WHERE deck_id = ?').pluck().get(deckId)).toBe(0);
  });
});

/** Each device answers the same three cards at the same moments; a and b sync, c never does. */
function threeDevices(): { a: { c: Collection; clock: TestClock }; b: { c: Collection; clock: TestClock }; c: { c: Collection; clock: TestClock }; keys: string[]; folder: string } {
  const folder = tempDir('demarc-sync-');
  const start = new TestClock().value;
  const [a, b, c] = [device(new TestClock(start)), device(new TestClock(start)), device(new TestClock(start))];
  for (const d of [a, b, c]) d.c.updateSettings({ loadBalancer: false });
  const keys = databaseOf(a.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 3').pluck().all(deck) as string[];
  for (const key of keys) {
    for (const d of [a, c]) study(d, key);
  }
  runSyncRound(a.c, folder);
  runSyncRound(b.c, folder);
  for (const d of [b, c]) d.clock.value = a.clock.value;
  return { a, b, c, keys, folder };
}

const schedules = (c: Collection, keys: string[]) => keys.map((k) => ({ due: row(c, k).due, days: row(c, k).scheduledDays }));

describe('changing the scheduling settings asks whether to reschedule, with the same result with and without sync', () => {
  it('not rescheduling (the default) keeps every studied due date, on the synced devices and on one that never syncs', () => {
    const { a, b, c, keys, folder } = threeDevices();
    const before = schedules(a.c, keys);
    expect(schedules(c.c, keys)).toEqual(before);
    a.c.updateSettings({ desiredRetention: 0.97, maximumIntervalDays: 3 });
    c.c.updateSettings({ desiredRetention: 0.97, maximumIntervalDays: 3 });
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    runSyncRound(a.c, folder);
    expect(schedules(a.c, keys)).toEqual(before);
    expect(schedules(b.c, keys)).toEqual(before);
    expect(schedules(c.c, keys)).toEqual(before);
    expect(b.c.settings.desiredRetention).toBe(0.97);
  });

  it('rescheduling gives the same due dates on a synced device, the device it syncs with and one that never syncs', () => {
    const { a, b, c, keys, folder } = threeDevices();
    const before = schedules(a.c, keys);
    a.c.updateSettings({ desiredRetention: 0.97, maximumIntervalDays: 3 }, { reschedule: true });
    c.c.updateSettings({ desiredRetention: 0.97, maximumIntervalDays: 3 }, { reschedule: true });
    const after = schedules(c.c, keys);
    expect(after).not.toEqual(before);
    // A three-day maximum: every interval is short now (ts-fsrs may step a day past it).
    for (const s of after) expect(s.days).toBeLessThanOrEqual(4);
    expect(schedules(a.c, keys)).toEqual(after);
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    runSyncRound(a.c, folder);
    expect(schedules(a.c, keys)).toEqual(after);
    expect(schedules(b.c, keys)).toEqual(after);
  });

  it('through the API: settings.update, decks.setPreset and optimizer.reset take the choice, and leave the due dates alone without it', async () => {
    const { a, keys } = threeDevices();
    const d = createDispatcher(createHandlers({ collection: a.c, appVersion: 'test', transport: 'ipc' }));
    const before = schedules(a.c, keys);
    const weights = [...default_w].map((w, i) => (i < 4 ? w * 3 : w));
    expect(await d.dispatch('settings.update', { fsrsWeights: weights })).toMatchObject({ ok: true });
    expect(await d.dispatch('settings.update', { maximumIntervalDays: 2 })).toMatchObject({ ok: true });
    expect(schedules(a.c, keys)).toEqual(before);
    expect(await d.dispatch('optimizer.reset', { reschedule: true })).toMatchObject({ ok: true });
    const rescheduled = schedules(a.c, keys);
    expect(rescheduled).not.toEqual(before);
    for (const s of rescheduled) expect(s.days).toBeLessThanOrEqual(3);
    expect(await d.dispatch('decks.setPreset', { deckId: deck, presetId: null, reschedule: false })).toMatchObject({ ok: true });
    expect(await d.dispatch('settings.update', { desiredRetention: 0.9, reschedule: 'yes' })).toMatchObject({ ok: false });
    expect(schedules(a.c, keys)).toEqual(rescheduled);
  });

  it('a change the back end refuses writes nothing: no kept due date, no edit to travel', () => {
    const { a, keys } = threeDevices();
    const edits = () => databaseOf(a.c).prepare('SELECT count(*) FROM sync_local_edits').pluck().get() as number;
    const before = { edits: edits(), rows: keys.map((k) => row(a.c, k)) };
    expect(() => a.c.updateSettings({ desiredRetention: 5 })).toThrow();
    expect(() => a.c.updateSettings({ desiredRetention: 0.95, maximumIntervalDays: -1 }, { reschedule: true })).toThrow();
    expect(a.c.settings.desiredRetention).toBe(0.9);
    expect(edits()).toBe(before.edits);
    expect(keys.map((k) => row(a.c, k))).toEqual(before.rows);
    expect(databaseOf(a.c).prepare('SELECT count(*) FROM cards WHERE set_due IS NOT NULL').pluck().get()).toBe(0);
  });

  it("a preset's change and a deck's move to a preset keep the due dates unless asked to reschedule", () => {
    const { a, b, keys, folder } = threeDevices();
    const before = schedules(a.c, keys);
    const id = a.c.presets.create('Short', { ...presetConfigOf(a.c.settings), maximumIntervalDays: 2 });
    a.c.changeSchedule([deck], false, () => a.c.presets.assign(deck, id));
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(schedules(a.c, keys)).toEqual(before);
    expect(schedules(b.c, keys)).toEqual(before);
    a.c.changeSchedule([deck], true, () => a.c.presets.update(id, 'Short', { ...presetConfigOf(a.c.settings), maximumIntervalDays: 1 }));
    expect(schedules(a.c, keys)).not.toEqual(before);
    for (const s of schedules(a.c, keys)) expect(s.days).toBeLessThanOrEqual(2);
    runSyncRound(a.c, folder);
    runSyncRound(b.c, folder);
    expect(schedules(b.c, keys)).toEqual(schedules(a.c, keys));
  });
});

describe('a hostile device', () => {
  it('an edit of each new kind with a value the API refuses is refused on arrival, said with its file, and changes nothing; the same edits with valid values apply', () => {
    const folder = tempDir('demarc-sync-');
    const here = device();
    const other = '00000000000000ab';
    const hostile = new HostileDevice(folder, other);
    const [k] = databaseOf(here.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 1').pluck().all(deck) as string[];
    const key = k!;
    study(here, key);
    runSyncRound(here.c, folder);
    const before = { card: row(here.c, key), presets: here.c.presets.list(here.c.settings), decks: databaseOf(here.c).prepare('SELECT id, preset_id FROM decks ORDER BY id').all() };
    const at = here.clock.now() - 60_000;
    const uid = '0123456789abcdef';
    const file = hostile.write([
      setEvent(other, at, ['card', deck, key, 'buried'], -5),
      setEvent(other, at + 1, ['card', deck, key, 'flag'], 9),
      setEvent(other, at + 2, ['card', deck, key, 'reset'], 1e16),
      setEvent(other, at + 3, ['card', deck, key, 'setDue'], { at, due: -1, days: 5 }),
      setEvent(other, at + 4, ['card', deck, key, 'setDue'], { at, due: at + day, days: 1, script: '<script>' }),
      setEvent(other, at + 5, ['preset', uid], { name: '', config: presetConfigOf(here.c.settings) }),
      setEvent(other, at + 6, ['preset', uid], { name: 'Hostile', config: { ...presetConfigOf(here.c.settings), desiredRetention: 5 } }),
      setEvent(other, at + 7, ['preset', 'not-a-uid'], null),
      setEvent(other, at + 8, ['deck', deck, 'preset'], 'DROP TABLE decks'),
      setEvent(other, at + 9, ['deck', deck, 'deleted'], 'yes'),
      setEvent(other, at + 10, ['card', deck, key, 'colour'], 'red'),
    ]);
    const r = runSyncRound(here.c, folder);
    expect(r.invalidEvents).toBe(11);
    expect(r.notices.map((n) => n.message)).toContainEqual(expect.stringContaining(`Skipped 11 changes in ${other}/${file.split('/').at(-1)}`));
    expect(row(here.c, key)).toEqual(before.card);
    expect(here.c.presets.list(here.c.settings)).toEqual(before.presets);
    expect(databaseOf(here.c).prepare('SELECT id, preset_id FROM decks ORDER BY id').all()).toEqual(before.decks);
    expect(databaseOf(here.c).prepare("SELECT count(*) FROM sync_events WHERE device = ?").pluck().get(other)).toBe(0);

    // A valid edit that names a built-in deck's deletion is not applied either: built-in decks come with the app.
    hostile.write([setEvent(other, at + 20, ['deck', deck, 'deleted'], true)]);
    runSyncRound(here.c, folder);
    expect(databaseOf(here.c).prepare('SELECT 1 FROM decks WHERE id = ?').get(deck)).toBeDefined();

    // The control: the same kinds with values the API takes are applied.
    hostile.write([
      setEvent(other, at + 30, ['card', deck, key, 'flag'], 3),
      setEvent(other, at + 31, ['preset', uid], { name: 'Friendly', config: { ...presetConfigOf(here.c.settings), desiredRetention: 0.85 } }),
      setEvent(other, at + 32, ['deck', deck, 'preset'], uid),
    ]);
    const ok = runSyncRound(here.c, folder);
    expect(ok.invalidEvents).toBe(0);
    expect(row(here.c, key).flag).toBe(3);
    expect(here.c.presets.list(here.c.settings).find((p) => p.name === 'Friendly')?.deckIds).toEqual([deck]);
  });
});

describe('concurrent edits', () => {
  it('two devices flag, bury and name a preset alike before syncing: the later stamp wins on both, and two presets of one name both stay', () => {
    const folder = tempDir('demarc-sync-');
    const a = device();
    const b = device(new TestClock(a.clock.value));
    const [key] = databaseOf(a.c).prepare('SELECT key FROM cards WHERE deck_id = ? ORDER BY position LIMIT 1').pluck().all(deck) as string[];
    a.c.setFlag(cardId(a.c, key!), 1);
    a.c.presets.create('Exam', presetConfigOf(a.c.settings));
    b.clock.advance(1000);
    b.c.setFlag(cardId(b.c, key!), 4);
    b.c.presets.create('exam', { ...presetConfigOf(b.c.settings), desiredRetention: 0.8 });
    for (let i = 0; i < 2; i++) {
      runSyncRound(a.c, folder);
      runSyncRound(b.c, folder);
    }
    expect(row(a.c, key!).flag).toBe(4);
    expect(row(b.c, key!).flag).toBe(4);
    const names = (c: Collection) => c.presets.list(c.settings).map((p) => `${p.name} ${p.config.desiredRetention}`).sort();
    expect(names(a.c)).toEqual(names(b.c));
    expect(names(a.c)).toHaveLength(3);
  });
});
