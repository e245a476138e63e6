import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { dayStart, studyDay } from '../../electron/core/domain/day-clock.js';
import { defaultSettings } from '../../electron/core/settings/settings-schema.js';
import { ankiDayZero } from '../../electron/core/importing/anki-schedule.js';
import type { CardRecord } from '../../electron/core/cards/card-record.js';
import { buildCollection, buildPackage, decoyCollection, zstdFrame, type FixtureCollection } from '../fixtures/anki-fixture.js';
import { databaseOf } from '../helpers/collection-database.js';

const minute = 60_000;
const day = 86_400_000;
const now = Date.UTC(2025, 0, 15, 12);
const crt = Date.UTC(2019, 0, 7, 4) / 1000;
const t0 = Date.UTC(2019, 1, 4, 10);
const rollover = defaultSettings.rolloverHour;
/** Anki's day number (days since the collection's creation) of a moment. */
const ankiDay = (at: number) => studyDay(at, 0) - ankiDayZero(crt);

let c: Collection;
beforeEach(() => {
  c = Collection.open({ file: ':memory:', now: () => now });
});
afterEach(() => c.close());

const basic = { id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] };
const notes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, guid: `g${i + 1}`, mid: 1, fields: [`Question ${i + 1}`, `Answer ${i + 1}`] }));
function cardOf(guid: string): CardRecord & { flag: number } {
  const key = `a-${createHash('sha1').update(guid).digest('hex').slice(0, 16)}-0`;
  const row = databaseOf(c).prepare('SELECT * FROM cards WHERE key = ?').get(key) as (CardRecord & { flag: number }) | undefined;
  if (!row) throw new Error(`no card ${guid}`);
  return row;
}
const ratingsOf = (id: number) => databaseOf(c).prepare('SELECT rating FROM review_log WHERE card_id = ? ORDER BY reviewed_at').pluck().all(id);

/**
 * A public deck's v1 collection (no `schedVer`, learning steps 1m 10m): card 1
 * graduated with two Goods (ease 2 in learning), was reviewed, lapsed twice
 * (relearning Good is ease 2 too) and is a review card again; card 2 lapsed
 * once and is in v1's relearning (a review card in the learning queue).
 */
function v1Collection(schedVer: 1 | 2 | null): FixtureCollection {
  return {
    crt,
    schedVer,
    noteTypes: [basic],
    decks: [{ id: 1, name: 'Default' }],
    notes: notes(2),
    cards: [
      { id: 11, nid: 1, did: 1, ord: 0, type: 2, queue: 2, due: ankiDay(t0 + 60 * day), ivl: 12, factor: 2100, reps: 7, lapses: 2 },
      { id: 12, nid: 2, did: 1, ord: 0, type: 2, queue: 1, due: Math.round((t0 + 20 * day + 10 * minute) / 1000), ivl: 1, factor: 2300, reps: 4, lapses: 1, left: 1001 },
    ],
    revlog: [
      { id: t0, cid: 11, ease: 2, type: 0, ivl: -600, lastIvl: -60 },
      { id: t0 + 10 * minute, cid: 11, ease: 2, type: 0, ivl: 1, lastIvl: -600 },
      { id: t0 + day, cid: 11, ease: 3, type: 1, ivl: 3, lastIvl: 1 },
      { id: t0 + 4 * day, cid: 11, ease: 1, type: 1, ivl: -600, lastIvl: 3 },
      { id: t0 + 4 * day + 10 * minute, cid: 11, ease: 2, type: 2, ivl: 1, lastIvl: -600 },
      { id: t0 + 5 * day, cid: 11, ease: 1, type: 1, ivl: -600, lastIvl: 1 },
      { id: t0 + 5 * day + 10 * minute, cid: 11, ease: 3, type: 2, ivl: 4, lastIvl: -600 },
      { id: t0 + 48 * day, cid: 11, ease: 4, type: 1, ivl: 12, lastIvl: 4 },
      { id: t0 + 1, cid: 12, ease: 2, type: 0, ivl: -600, lastIvl: -60 },
      { id: t0 + 10 * minute + 1, cid: 12, ease: 2, type: 0, ivl: 1, lastIvl: -600 },
      { id: t0 + day + 1, cid: 12, ease: 3, type: 1, ivl: 3, lastIvl: 1 },
      { id: t0 + 20 * day, cid: 12, ease: 1, type: 1, ivl: -600, lastIvl: 3 },
    ],
  };
}

describe('Anki scheduling on import', () => {
  it('reads a v1 collection\'s learning answers as Anki does: Good graduates to a review card with Anki\'s lapses', () => {
    const bytes = buildPackage({ entries: { 'collection.anki2': buildCollection(v1Collection(null), 11) } });
    const preview = c.previewImport('public.apkg', Buffer.from(bytes), {});
    expect(preview.scheduling).toMatchObject({ schedulerVersion: 1, review: 1, learning: 1, memoryStates: 0 });
    c.runImport('public.apkg', Buffer.from(bytes), {});

    const graduated = cardOf('g1');
    // Learning/relearning ease 2 is Good (3) and ease 3 Easy (4); review answers keep their four buttons.
    expect(ratingsOf(graduated.id)).toEqual([3, 3, 3, 1, 3, 1, 4, 4]);
    expect(graduated).toMatchObject({ state: 2, lapses: 2, reps: 7, scheduled_days: 12, due: dayStart(studyDay(t0 + 60 * day, 0), rollover), last_review: t0 + 48 * day });
    // Reading the same answers as four-button ones (Good as Hard) makes the card harder than it is.
    const misread = Collection.open({ file: ':memory:', now: () => now });
    try {
      misread.runImport('public.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki2': buildCollection(v1Collection(2), 11) } })), {});
      const key = graduated.key;
      const hard = databaseOf(misread).prepare('SELECT difficulty FROM cards WHERE key = ?').pluck().get(key) as number;
      expect(graduated.difficulty).toBeLessThan(hard - 0.5);
    } finally {
      misread.close();
    }

    const relearning = cardOf('g2');
    expect(relearning).toMatchObject({ state: 3, lapses: 1, due: t0 + 20 * day + 10 * minute });
    expect(ratingsOf(relearning.id)).toEqual([3, 3, 3, 1]);
    expect(c.doctor().ok).toBe(true);
  });

  it('reads the same eases of a v2 collection as four-button answers', () => {
    c.runImport('v2.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki2': buildCollection(v1Collection(2), 11) } })), {});
    expect(ratingsOf(cardOf('g1').id)).toEqual([2, 2, 3, 1, 2, 1, 3, 4]);
  });

  it('keeps the FSRS memory Anki stored (anki21b), and the preview says so', () => {
    const col: FixtureCollection = {
      crt,
      noteTypes: [basic],
      decks: [{ id: 1, name: 'Default' }, { id: 5, name: 'Geography' }],
      notes: notes(3),
      cards: [
        { id: 11, nid: 1, did: 5, ord: 0, type: 2, queue: 2, due: ankiDay(t0 + 50 * day), ivl: 46, reps: 3, lapses: 0, data: JSON.stringify({ s: 46.0321, d: 4.127, dr: 0.85, decay: 0.1542, lrt: (t0 + 4 * day) / 1000 }) },
        // No history in the package, memory only: the last review is Anki's `lrt`.
        { id: 12, nid: 2, did: 5, ord: 0, type: 2, queue: 2, due: ankiDay(t0 + 30 * day), ivl: 20, reps: 2, lapses: 0, data: '{"s":21.5,"d":6.25,"dr":0.85,"lrt":' + String((t0 + 10 * day) / 1000) + '}' },
        { id: 13, nid: 3, did: 5, ord: 0, data: '{"pos":3}' },
      ],
      revlog: [
        { id: t0, cid: 11, ease: 3, type: 0 },
        { id: t0 + 4 * day, cid: 11, ease: 3, type: 1 },
      ],
    };
    const bytes = buildPackage({ entries: { 'collection.anki21b': zstdFrame(buildCollection(col, 18)), 'collection.anki2': decoyCollection() }, mediaFormat: 'protobuf' });
    const preview = c.previewImport('geo.apkg', Buffer.from(bytes), {});
    expect(preview.scheduling).toEqual({ memoryStates: 2, review: 2, learning: 0, suspended: 0, buried: 0, flagged: 0, desiredRetention: 0.85, schedulerVersion: 2, presets: [] });
    c.runImport('geo.apkg', Buffer.from(bytes), {});
    expect(cardOf('g1')).toMatchObject({ state: 2, stability: 46.0321, difficulty: 4.127, scheduled_days: 46, last_review: t0 + 4 * day, due: dayStart(studyDay(t0 + 50 * day, 0), rollover) });
    expect(cardOf('g2')).toMatchObject({ state: 2, stability: 21.5, difficulty: 6.25, last_review: t0 + 10 * day, reps: 2 });
    expect(cardOf('g3')).toMatchObject({ state: 0, stability: 0, last_review: null });
    // The review log still records the answers, with the memory replayed at the time.
    expect(ratingsOf(cardOf('g1').id)).toEqual([3, 3]);
  });

  it('keeps suspended, buried and flagged cards so', () => {
    const col: FixtureCollection = {
      crt,
      noteTypes: [basic],
      decks: [{ id: 1, name: 'Default' }],
      notes: notes(5),
      cards: [
        { id: 11, nid: 1, did: 1, ord: 0, queue: -1, due: 1 },
        { id: 12, nid: 2, did: 1, ord: 0, type: 2, queue: -1, due: ankiDay(t0 + 9 * day), ivl: 5, reps: 3 },
        { id: 13, nid: 3, did: 1, ord: 0, type: 2, queue: -2, due: ankiDay(t0 + 9 * day), ivl: 5, reps: 3, flags: 2 },
        { id: 14, nid: 4, did: 1, ord: 0, queue: -3, due: 4, flags: 4 },
        { id: 15, nid: 5, did: 1, ord: 0, flags: 6 },
      ],
    };
    const bytes = Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(col, 11), 'collection.anki2': decoyCollection() } }));
    const preview = c.previewImport('marks.apkg', bytes, {});
    expect(preview.scheduling).toMatchObject({ suspended: 2, buried: 2, flagged: 2 });
    const summary = c.runImport('marks.apkg', bytes, {});
    expect(summary.warnings!.join('\n')).toMatch(/1 card with a pink, turquoise or purple flag arrives unflagged/);
    const today = studyDay(now, rollover);
    expect(cardOf('g1')).toMatchObject({ state: 0, suspended: 1, buried_day: 0, flag: 0 });
    // A suspended review card keeps its schedule, with a memory estimated from its interval (no history, no stored memory).
    expect(cardOf('g2')).toMatchObject({ state: 2, suspended: 1, stability: 5, scheduled_days: 5, last_review: dayStart(studyDay(t0 + 4 * day, 0), rollover) });
    expect(cardOf('g3')).toMatchObject({ state: 2, suspended: 0, buried_day: today, flag: 2 });
    expect(cardOf('g4')).toMatchObject({ state: 0, buried_day: today, flag: 4 });
    expect(cardOf('g5')).toMatchObject({ flag: 0 });
    // Suspended cards are counted as such on the Decks screen.
    expect(c.today().decks.find((d) => d.id === 'anki-default')!.counts.suspended).toBe(2);
  });

  it('leaves scheduling out with the history, and never undoes newer study on re-import', () => {
    const bytes = Buffer.from(buildPackage({ entries: { 'collection.anki2': buildCollection(v1Collection(null), 11) } }));
    c.runImport('public.apkg', bytes, { includeHistory: false });
    expect(cardOf('g1')).toMatchObject({ state: 0, lapses: 0 });

    c.runImport('public.apkg', bytes, {});
    const card = cardOf('g1');
    expect(card).toMatchObject({ state: 2, lapses: 2 });
    // Studied in Demarc after its last answer in Anki: the package imported again leaves it as Demarc has it.
    databaseOf(c).prepare('UPDATE cards SET lapses = 5, last_review = ?, due = ? WHERE id = ?').run(now - day, now + 3 * day, card.id);
    c.runImport('public.apkg', bytes, {});
    expect(cardOf('g1')).toMatchObject({ lapses: 5, last_review: now - day, due: now + 3 * day });
  });

  it('uses no crafted schedule: absurd memory, far dates and negative counts are left out', () => {
    const col: FixtureCollection = {
      crt,
      noteTypes: [basic],
      decks: [{ id: 1, name: 'Default' }],
      notes: notes(3),
      cards: [
        { id: 11, nid: 1, did: 1, ord: 0, type: 2, queue: 2, due: 1_000_000_000, ivl: 5, reps: -4, lapses: -3, data: '{"s":1e300,"d":-5,"lrt":-1}' },
        { id: 12, nid: 2, did: 1, ord: 0, type: 1, queue: 1, due: 99_999_999_999, data: `{"s":2,"d":5,"cd":"${'x'.repeat(200_000)}"}` },
        { id: 13, nid: 3, did: 1, ord: 0, type: 2, queue: 2, due: 10, ivl: 3, data: '{"s":"12","d":null}' },
      ],
    };
    const bytes = Buffer.from(buildPackage({ entries: { 'collection.anki2': buildCollection(col, 11) } }));
    // A data column past its bound refuses the file, saying where.
    expect(() => c.previewImport('crafted.apkg', bytes, {})).toThrow(/the data of card 12 is longer than 100,000 characters/);
    col.cards[1]!.data = '{"s":2,"d":5}';
    c.runImport('crafted.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki2': buildCollection(col, 11) } })), {});
    // Stability and difficulty out of FSRS's bounds are not used; a due date 2.7 million years away makes the card due now.
    expect(cardOf('g1')).toMatchObject({ state: 2, due: now, stability: 5, difficulty: 5, reps: 0, lapses: 0 });
    expect(cardOf('g2')).toMatchObject({ state: 1, due: now, stability: 2, difficulty: 5 });
    expect(cardOf('g3')).toMatchObject({ state: 2, stability: 3, difficulty: 5 });
  });
});
